# Must fail (subtler): on_error receives the message, not the exception.
# Expected first failing check: calls on_error exactly once when fn raises
# Expected message contains: expected on_error() with the ValueError
def submit_async(pool, fn, args, on_done, on_error):
    pool.apply_async(fn, args, callback=on_done, error_callback=lambda exc: on_error(str(exc)))
