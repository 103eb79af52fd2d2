# Must fail: the parent sleeps between start()s so that each child prints before
# the next starts: in order, but never all alive at once.
# Expected first failing check: all processes are alive before any of them prints
# Expected message contains: make sure all have started, before any of them prints
import time
from multiprocessing import Process


def say(name):
    print(name, flush=True)


def print_in_order(names):
    processes = []
    for name in names:
        process = Process(target=say, args=(name,))
        process.start()
        processes.append(process)
        time.sleep(0.05)
    for process in processes:
        process.join()
