# Must fail: hands fn to the pool but never calls on_done.
# Expected first failing check: calls on_done exactly once, in your process, with the result
def submit_async(pool, fn, args, on_done, on_error):
    pool.apply_async(fn, args)
