from multiprocessing import Barrier, Event, Process


def say(name, everyone, mine, next_one):
    everyone.wait()  # the start gate: every process has started
    mine.wait()  # my turn
    print(name, flush=True)
    if next_one is not None:
        next_one.set()


def print_in_order(names):
    everyone = Barrier(len(names))
    turns = [Event() for _ in names]
    processes = [
        Process(
            target=say,
            args=(name, everyone, turns[i], turns[i + 1] if i + 1 < len(names) else None),
        )
        for i, name in enumerate(names)
    ]
    for process in processes:
        process.start()
    turns[0].set()
    for process in processes:
        process.join()
