# Must fail: one lock for the whole table: nobody ever eats at the same time.
# Expected first failing check: philosophers who are not neighbours eat at the same time
# Expected message contains: one lock for the whole table
from multiprocessing import Lock, Process, Queue


def philosopher(i, table_lock, meals, eat, done):
    for _ in range(meals):
        with table_lock:
            eat(i)
    done.put((i, meals))


def dine(philosophers, meals, eat):
    table_lock = Lock()
    done = Queue()
    table = [
        Process(target=philosopher, args=(i, table_lock, meals, eat, done))
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
