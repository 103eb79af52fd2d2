# Must fail (scheduling): a start gate, then every process prints at once, relying
# on the order they were started in.
# Expected first failing check: the lines come out in the order of names
# Expected message contains: make each process wait for the one before it
from multiprocessing import Barrier, Process


def say(name, everyone):
    everyone.wait()
    print(name, flush=True)


def print_in_order(names):
    everyone = Barrier(len(names))
    processes = [Process(target=say, args=(name, everyone)) for name in names]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
