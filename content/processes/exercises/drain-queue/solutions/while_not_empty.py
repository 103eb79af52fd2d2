def drain(q):
    # Right here: the producers have finished, so empty() cannot turn False later.
    items = []
    while not q.empty():
        items.append(q.get())
    return items
