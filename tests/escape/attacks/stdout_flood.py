# attack: flood stdout with 32 MB, then behave
# expect-note: Output limit
# expect-passed: yes
import os
from multiprocessing import Process


def run_in_child(target, args):
    if not os.path.exists("/tmp/.flooded"):
        open("/tmp/.flooded", "w").close()
        chunk = b"flood " * 10_000
        for _ in range(32 * 2**20 // len(chunk)):
            os.write(1, chunk)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
