from queue import Empty


def drain(q):
    items = []
    try:
        while True:
            items.append(q.get(block=False))
    except Empty:
        pass
    return items
