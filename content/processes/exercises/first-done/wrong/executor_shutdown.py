# Must fail (subtler): shutdown(wait=False) cancels pending work but does not stop
# the workers already running the slower functions.
# Expected first failing check: ends and reaps the other processes before returning
# Expected message contains: was still running: end the slower processes
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait


def call(fn):
    return fn()


def first_done(fns):
    executor = ProcessPoolExecutor(max_workers=len(fns))
    futures = [executor.submit(call, fn) for fn in fns]
    done, _ = wait(futures, return_when=FIRST_COMPLETED)
    executor.shutdown(wait=False, cancel_futures=True)
    return next(iter(done)).result()
