# Must fail (scheduling, subtler): a waiter, but one who lets all n philosophers
# reach for forks at once (n seats, not n - 1): the cycle can still form.
# Expected first failing check: never deadlocks: every philosopher finishes
# Expected message contains: a deadlock
from multiprocessing import Lock, Process, Queue, Semaphore


def philosopher(i, forks, waiter, meals, eat, done):
    left, right = forks[i], forks[(i + 1) % len(forks)]
    for _ in range(meals):
        with waiter:
            with left:
                with right:
                    eat(i)
    done.put((i, meals))


def dine(philosophers, meals, eat):
    forks = [Lock() for _ in range(philosophers)]
    waiter = Semaphore(philosophers)
    done = Queue()
    table = [
        Process(target=philosopher, args=(i, forks, waiter, meals, eat, done))
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
