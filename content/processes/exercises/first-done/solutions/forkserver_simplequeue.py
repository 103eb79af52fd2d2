import multiprocessing


def run(fn, results):
    results.put(fn())


def first_done(fns):
    ctx = multiprocessing.get_context("forkserver")
    results = ctx.SimpleQueue()
    processes = [ctx.Process(target=run, args=(fn, results)) for fn in fns]
    for process in processes:
        process.start()
    first = results.get()
    for process in processes:
        if process.exitcode is None:
            process.terminate()
    for process in processes:
        process.join()
    return first
