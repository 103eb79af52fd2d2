# Must fail (subtler): events chain the turns, but the first turn is given before
# the other processes have started, so the first prints before all are alive.
# Expected first failing check: all processes are alive before any of them prints
# Expected message contains: make sure all have started, before any of them prints
from multiprocessing import Event, Process


def say(name, mine, next_one):
    mine.wait()
    print(name, flush=True)
    next_one.set()


def print_in_order(names):
    turns = [Event() for _ in range(len(names) + 1)]
    turns[0].set()
    processes = []
    for i, name in enumerate(names):
        process = Process(target=say, args=(name, turns[i], turns[i + 1]))
        process.start()
        processes.append(process)
    for process in processes:
        process.join()
