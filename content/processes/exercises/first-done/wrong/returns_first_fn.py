# Must fail: returns the result of fns[0] instead of the fastest one.
# Expected first failing check: returns the fastest result
# Expected message contains: the result of fns[0], which was not the fastest
from multiprocessing import Pool


def call(fn):
    return fn()


def first_done(fns):
    with Pool(len(fns)) as pool:
        pending = [pool.apply_async(call, (fn,)) for fn in fns]
        return pending[0].get()
