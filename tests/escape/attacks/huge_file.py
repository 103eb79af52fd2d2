# attack: one huge file in the scratch directory, 1 MiB at a time, up to 64 MiB
# expect-note: Disk limit
from multiprocessing import Process


def run_in_child(target, args):
    written = 0
    try:
        with open("/tmp/huge.bin", "wb") as f:
            for _ in range(64):
                f.write(b"h" * 2**20)
                f.flush()
                written += 1
    except OSError as exc:
        print("huge file stopped at", written, "MiB:", exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
