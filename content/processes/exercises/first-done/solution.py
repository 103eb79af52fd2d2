from multiprocessing import Process, Queue


def run(fn, results):
    results.put(fn())


def first_done(fns):
    results = Queue()
    processes = [Process(target=run, args=(fn, results)) for fn in fns]
    for process in processes:
        process.start()
    first = results.get()
    for process in processes:
        process.terminate()  # the one that finished has ended, or is about to: harmless
    for process in processes:
        process.join()
    return first
