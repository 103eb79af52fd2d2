# Must fail: the caller prints every name; the children do nothing.
# Expected first failing check: prints each name once, each from a process of its own
# Expected message contains: was printed by your own process (the caller)
from multiprocessing import Process


def nothing():
    pass


def print_in_order(names):
    processes = [Process(target=nothing) for _ in names]
    for process in processes:
        process.start()
    for name in names:
        print(name, flush=True)
    for process in processes:
        process.join()
