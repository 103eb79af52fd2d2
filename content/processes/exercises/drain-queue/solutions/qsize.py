def drain(q):
    return [q.get() for _ in range(q.qsize())]
