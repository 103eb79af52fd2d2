# Must fail (subtler): one process at a time, in the order of fns.
# Expected first failing check: runs each function in its own process, all at once
# Expected message contains: at most 1 of your processes was alive at the same time
from multiprocessing import Pool


def call(fn):
    return fn()


def first_done(fns):
    with Pool(1) as pool:
        return next(pool.imap_unordered(call, fns))
