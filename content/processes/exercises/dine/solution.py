from multiprocessing import Lock, Process, Queue


def philosopher(i, forks, meals, eat, done):
    left, right = forks[i], forks[(i + 1) % len(forks)]
    # Resource ordering: everyone takes the lower-numbered fork first, so no
    # cycle of philosophers each holding one fork can form.
    first, second = (left, right) if i < (i + 1) % len(forks) else (right, left)
    eaten = 0
    for _ in range(meals):
        with first, second:
            eat(i)
            eaten += 1
    done.put((i, eaten))


def dine(philosophers, meals, eat):
    forks = [Lock() for _ in range(philosophers)]
    done = Queue()
    table = [
        Process(target=philosopher, args=(i, forks, meals, eat, done)) for i in range(philosophers)
    ]
    for process in table:
        process.start()
    eaten = [0] * philosophers
    for _ in table:
        i, count = done.get()
        eaten[i] = count
    for process in table:
        process.join()
    return eaten
