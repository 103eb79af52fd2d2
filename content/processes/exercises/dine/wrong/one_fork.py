# Must fail: eats holding only the left fork: neighbours eat at the same time.
# Expected first failing check: neighbours never eat at the same time
# Expected message contains: hold both forks while eating
from multiprocessing import Lock, Process, Queue


def philosopher(i, forks, meals, eat, done):
    left, right = forks[i], forks[(i + 1) % len(forks)]
    for _ in range(meals):
        with left:
            eat(i)
    done.put((i, meals))


def dine(philosophers, meals, eat):
    forks = [Lock() for _ in range(philosophers)]
    done = Queue()
    table = [
        Process(target=philosopher, args=(i, forks, meals, eat, done))
        for i in range(philosophers)
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
