# os.fork all the way down; every process writes one line "pid ppid" to one
# pipe (a write this short is atomic) and waitpid()s its children.
import os


def grow(depth, fanout, out):
    children = []
    for _ in range(fanout if depth > 0 else 0):
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                os.write(out, f"{os.getpid()} {os.getppid()}\n".encode())
                grow(depth - 1, fanout, out)
                status = 0
            finally:
                os._exit(status)
        children.append(pid)
    for pid in children:
        os.waitpid(pid, 0)


def build_tree(depth, fanout):
    total = sum(fanout**level for level in range(1, depth + 1))
    read_end, write_end = os.pipe()
    grow(depth, fanout, write_end)
    os.close(write_end)
    with os.fdopen(read_end) as lines:
        pairs = [line.split() for line in lines]
    assert len(pairs) == total
    return {int(pid): int(ppid) for pid, ppid in pairs}
