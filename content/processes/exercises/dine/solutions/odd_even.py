from multiprocessing import Lock, Process, Value


def philosopher(i, forks, meals, eat, count):
    left, right = forks[i], forks[(i + 1) % len(forks)]
    # Even philosophers reach left first, odd ones right first: two neighbours
    # always compete for the same fork first, so no cycle can form.
    first, second = (left, right) if i % 2 == 0 else (right, left)
    for _ in range(meals):
        first.acquire()
        second.acquire()
        try:
            eat(i)
            count.value += 1  # only philosopher i writes it
        finally:
            second.release()
            first.release()


def dine(philosophers, meals, eat):
    forks = [Lock() for _ in range(philosophers)]
    counts = [Value("i", 0) for _ in range(philosophers)]
    table = [
        Process(target=philosopher, args=(i, forks, meals, eat, counts[i]))
        for i in range(philosophers)
    ]
    for process in table:
        process.start()
    for process in table:
        process.join()
    return [count.value for count in counts]
