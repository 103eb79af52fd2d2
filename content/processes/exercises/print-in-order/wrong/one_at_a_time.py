# Must fail: starts and joins one process at a time (never concurrent).
# Expected first failing check: all processes are alive before any of them prints
# Expected message contains: make sure all have started, before any of them prints
from multiprocessing import Process


def say(name):
    print(name, flush=True)


def print_in_order(names):
    for name in names:
        process = Process(target=say, args=(name,))
        process.start()
        process.join()
