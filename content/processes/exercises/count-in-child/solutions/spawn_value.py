import multiprocessing


def count(n, shared):
    total = 0
    for _ in range(n):
        total += 1
    shared.value = total


def count_in_child(n):
    ctx = multiprocessing.get_context("spawn")
    shared = ctx.Value("q", 0)
    child = ctx.Process(target=count, args=(n, shared))
    child.start()
    child.join()
    return shared.value
