# Must fail (subtler): the error callback is on_done, so a failure looks like a result.
# Expected first failing check: calls on_error exactly once when fn raises
# Expected message contains: call on_error with the exception instead
def submit_async(pool, fn, args, on_done, on_error):
    pool.apply_async(fn, args, callback=on_done, error_callback=on_done)
