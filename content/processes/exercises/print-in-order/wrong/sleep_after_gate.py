# Must fail (scheduling, subtler): a start gate, then process i sleeps i * 10 ms
# before printing: in order only while nothing delays a process by 10 ms.
# Expected first failing check: the lines come out in the order of names
# Expected message contains: make each process wait for the one before it
import time
from multiprocessing import Barrier, Process


def say(index, name, everyone):
    everyone.wait()
    time.sleep(0.01 * index)
    print(name, flush=True)


def print_in_order(names):
    everyone = Barrier(len(names))
    processes = [
        Process(target=say, args=(i, name, everyone)) for i, name in enumerate(names)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
