import multiprocessing
from multiprocessing import Pipe


def say(name, ready, go, done):
    ready.send("started")
    go.recv()
    print(name, flush=True)
    done.send("printed")


def print_in_order(names):
    context = multiprocessing.get_context("forkserver")
    links = []
    processes = []
    for name in names:
        ready_parent, ready_child = Pipe()
        go_parent, go_child = Pipe()
        process = context.Process(target=say, args=(name, ready_child, go_child, ready_child))
        process.start()
        links.append((ready_parent, go_parent))
        processes.append(process)
    for ready, _ in links:
        ready.recv()  # every process is running
    for ready, go in links:
        go.send("go")
        ready.recv()  # it has printed: the next one may go
    for process in processes:
        process.join()
