# Must fail: hands fn to the pool but never calls on_done.
# Expected first failing check: calls on_done exactly once, in your process, with the result
# Expected message contains: on_done was never called
def submit_async(pool, fn, args, on_done, on_error):
    pool.apply_async(fn, args)
