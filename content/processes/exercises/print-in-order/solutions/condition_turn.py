from multiprocessing import Barrier, Condition, Process, Value


def say(index, name, turn, changed, everyone):
    everyone.wait()
    with changed:
        changed.wait_for(lambda: turn.value == index)
        print(name, flush=True)
        turn.value += 1
        changed.notify_all()


def print_in_order(names):
    turn = Value("i", 0, lock=False)
    changed = Condition()
    everyone = Barrier(len(names))
    processes = [
        Process(target=say, args=(i, name, turn, changed, everyone)) for i, name in enumerate(names)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join()
