# Must fail (subtler): sizes the pool by the items, not by `workers`.
# Expected first failing check: never more than `workers` worker processes alive at once
# Expected message contains: had 6 worker processes alive at once; at most 3 are allowed
from multiprocessing import Pool


def parallel_map(fn, items, workers):
    with Pool(max(1, len(items))) as pool:
        return pool.map(fn, items)
