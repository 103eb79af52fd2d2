from multiprocessing import Process, Queue


def count(n, results):
    total = 0
    for _ in range(n):
        total += 1
    results.put(total)


def count_in_child(n):
    results = Queue()
    child = Process(target=count, args=(n, results))
    child.start()
    total = results.get()  # before join(): a child still putting cannot end
    child.join()
    return total
