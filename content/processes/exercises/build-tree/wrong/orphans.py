# Must fail: every parent exits as soon as it has forked its children, without
# waiting for them: they live on as orphans, or end as zombies nobody reaps.
# Expected first failing check: every parent waits for its children
# Expected message contains: wait for (join) every child
import os


def grow(depth, fanout, out):
    for _ in range(fanout if depth > 0 else 0):
        if os.fork() == 0:
            os.write(out, f"{os.getpid()} {os.getppid()}\n".encode())
            grow(depth - 1, fanout, out)
            os._exit(0)  # gone, children or not


def build_tree(depth, fanout):
    read_end, write_end = os.pipe()
    grow(depth, fanout, write_end)
    os.close(write_end)
    with os.fdopen(read_end) as lines:  # EOF once every process has exited
        return {int(pid): int(ppid) for pid, ppid in (line.split() for line in lines)}
