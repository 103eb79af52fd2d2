# Must fail (subtler): worker processes, but apply() waits for each call in turn.
# Expected first failing check: runs calls at the same time
# Expected message contains: never two at once
from multiprocessing import Pool


def parallel_map(fn, items, workers):
    with Pool(workers) as pool:
        return [pool.apply(fn, (item,)) for item in items]
