import multiprocessing
from multiprocessing.connection import wait


def run(fn, conn):
    conn.send(fn())
    conn.close()


def first_done(fns):
    ctx = multiprocessing.get_context("spawn")
    children = []
    for fn in fns:
        receiver, sender = ctx.Pipe(duplex=False)
        process = ctx.Process(target=run, args=(fn, sender))
        process.start()
        sender.close()
        children.append((receiver, process))
    ready = wait([receiver for receiver, _ in children])
    first = ready[0].recv()
    for _, process in children:
        if process.is_alive():
            process.terminate()
    for receiver, process in children:
        process.join()
        receiver.close()
    return first
