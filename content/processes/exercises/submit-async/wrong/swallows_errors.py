# Must fail: no error callback, so an exception of fn is swallowed.
# Expected first failing check: calls on_error exactly once when fn raises
# Expected message contains: was swallowed
def submit_async(pool, fn, args, on_done, on_error):
    pool.apply_async(fn, args, callback=on_done)
