import multiprocessing


def say(name, mine, next_one):
    mine.acquire()  # wait for my turn
    print(name, flush=True)
    next_one.release()


def print_in_order(names):
    context = multiprocessing.get_context("spawn")
    turns = [context.Semaphore(0) for _ in range(len(names) + 1)]
    processes = [
        context.Process(target=say, args=(name, turns[i], turns[i + 1]))
        for i, name in enumerate(names)
    ]
    for process in processes:
        process.start()
    turns[0].release()  # the start gate: every process has been started
    for process in processes:
        process.join()
