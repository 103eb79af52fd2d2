# attack: many small files in the scratch directory until it is full, then empty ones for 0.4 s
# expect-note: Disk limit
import os
import time
from multiprocessing import Process


def run_in_child(target, args):
    os.makedirs("/tmp/many", exist_ok=True)
    small = empty = 0
    try:
        while small < 100_000:
            with open(f"/tmp/many/s{os.getpid()}-{small}", "wb") as f:
                f.write(b"m" * 4096)
            small += 1
    except OSError as exc:
        print("small files:", small, exc)
    start = time.monotonic()
    try:
        while time.monotonic() - start < 0.4:
            os.close(os.open(f"/tmp/many/e{os.getpid()}-{empty}", os.O_CREAT | os.O_WRONLY))
            empty += 1
    except OSError as exc:
        print("empty files stopped:", exc)
    print("empty files:", empty)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
