# attack: memory bomb: touch 16 MiB blocks until memory runs out, in the caller itself
# expect-note: Memory limit
from multiprocessing import Process


def run_in_child(target, args):
    blocks = []
    try:
        while len(blocks) < 256:
            blocks.append(b"x" * (16 * 2**20))
    except MemoryError:
        pass
    print("held MiB:", 16 * len(blocks))
    del blocks
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
