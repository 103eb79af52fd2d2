import multiprocessing


def philosopher(i, forks, waiter, meals, eat, done):
    left, right = forks[i], forks[(i + 1) % len(forks)]
    for _ in range(meals):
        # The waiter lets at most n - 1 reach for forks: one of them always gets both.
        with waiter, left, right:
            eat(i)
    done.send(meals)
    done.close()


def dine(philosophers, meals, eat):
    context = multiprocessing.get_context("spawn")
    forks = [context.Lock() for _ in range(philosophers)]
    waiter = context.Semaphore(philosophers - 1)
    pipes = [context.Pipe(duplex=False) for _ in range(philosophers)]
    table = [
        context.Process(target=philosopher, args=(i, forks, waiter, meals, eat, pipes[i][1]))
        for i in range(philosophers)
    ]
    for process in table:
        process.start()
    eaten = [receive.recv() for receive, _ in pipes]
    for process in table:
        process.join()
    return eaten
