import os


def print_in_order(names):
    # Pipe i carries the go-ahead to process i; the parent writes to pipe 0 once
    # every process has been forked.
    pipes = [os.pipe() for _ in names]
    children = []
    for i, name in enumerate(names):
        pid = os.fork()
        if pid == 0:
            try:
                os.read(pipes[i][0], 1)
                print(name, flush=True)
                if i + 1 < len(names):
                    os.write(pipes[i + 1][1], b"x")
            finally:
                os._exit(0)
        children.append(pid)
    os.write(pipes[0][1], b"x")
    for pid in children:
        os.waitpid(pid, 0)
    for read_end, write_end in pipes:
        os.close(read_end)
        os.close(write_end)
