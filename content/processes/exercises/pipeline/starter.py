def pipeline(items, producers, consumers, maxsize):
    # `producers` processes put the items into a multiprocessing.Queue(maxsize);
    # `consumers` processes take them and send back item * item. Every item
    # exactly once, every process ends; return the results (any order).
    ...
