from multiprocessing import Pipe, Process


def count(n, conn):
    total = 0
    for _ in range(n):
        total += 1
    conn.send(total)
    conn.close()


def count_in_child(n):
    receiver, sender = Pipe(duplex=False)
    child = Process(target=count, args=(n, sender))
    child.start()
    sender.close()
    total = receiver.recv()
    child.join()
    return total
