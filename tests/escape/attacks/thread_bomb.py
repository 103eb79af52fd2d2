# attack: thread bomb: threads with small stacks until the next one cannot start
# expect-note: Process limit
import threading
import time
from multiprocessing import Process


def run_in_child(target, args):
    threading.stack_size(256 * 1024)
    started = 0
    try:
        while started < 10_000:
            threading.Thread(target=time.sleep, args=(30,), daemon=True).start()
            started += 1
    except RuntimeError as exc:
        print("threads started:", started, exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
