# Must fail: pool.apply() waits for the result before returning (a synchronous call).
# Expected first failing check: returns at once, long before fn finishes
# Expected message contains: must return at once
def submit_async(pool, fn, args, on_done, on_error):
    try:
        result = pool.apply(fn, args)
    except Exception as exc:
        on_error(exc)
    else:
        on_done(result)
