# Must fail (scheduling): every philosopher takes the left fork, then the right:
# when all hold their left fork at once, they wait for each other for ever.
# Expected first failing check: never deadlocks: every philosopher finishes
# Expected message contains: a deadlock
from multiprocessing import Lock, Process, Queue


def philosopher(i, forks, meals, eat, done):
    left, right = forks[i], forks[(i + 1) % len(forks)]
    for _ in range(meals):
        with left:
            with right:
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
