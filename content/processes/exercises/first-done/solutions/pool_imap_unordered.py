from multiprocessing import Pool


def call(fn):
    return fn()


def first_done(fns):
    # Leaving the with block terminates the pool: its workers are killed and joined.
    with Pool(len(fns)) as pool:
        return next(pool.imap_unordered(call, fns))
