# Must fail: apply_async() then .get() in the call: it still waits for fn.
# Expected first failing check: returns at once, long before fn finishes
# Expected message contains: must return at once
def submit_async(pool, fn, args, on_done, on_error):
    pending = pool.apply_async(fn, args)
    try:
        on_done(pending.get())
    except Exception as exc:
        on_error(exc)
