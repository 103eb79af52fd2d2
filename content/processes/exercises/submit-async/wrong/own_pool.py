# Must fail (subtler): ignores the given pool and makes one of its own.
# Expected first failing check: runs fn in the given pool
# Expected message contains: which your code created
from multiprocessing import Pool

pools = []


def submit_async(pool, fn, args, on_done, on_error):
    mine = Pool(1)
    pools.append(mine)  # kept alive: a collected Pool is terminated
    mine.apply_async(fn, args, callback=on_done, error_callback=on_error)
