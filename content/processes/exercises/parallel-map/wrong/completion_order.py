# Must fail: results in the order the calls finished, not the order of items.
# Expected first failing check: returns fn(item) for every item, in order
# Expected message contains: in the order they finished
from multiprocessing import Pool


def parallel_map(fn, items, workers):
    with Pool(workers) as pool:
        return list(pool.imap_unordered(fn, items))
