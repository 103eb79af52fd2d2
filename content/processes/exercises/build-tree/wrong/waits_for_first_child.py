# Must fail (subtler): every parent waits for its first child only; the
# others are never reaped by their parent.
# Expected first failing check: every parent waits for its children
# Expected message contains: wait for (join) every child
import os


def grow(depth, fanout, out):
    children = []
    for _ in range(fanout if depth > 0 else 0):
        pid = os.fork()
        if pid == 0:
            os.write(out, f"{os.getpid()} {os.getppid()}\n".encode())
            grow(depth - 1, fanout, out)
            os._exit(0)
        children.append(pid)
    if children:
        os.waitpid(children[0], 0)


def build_tree(depth, fanout):
    total = sum(fanout**level for level in range(1, depth + 1))
    read_end, write_end = os.pipe()
    grow(depth, fanout, write_end)
    os.close(write_end)
    lines = os.fdopen(read_end)
    return {int(pid): int(ppid) for pid, ppid in (lines.readline().split() for _ in range(total))}
