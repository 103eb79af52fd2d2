def submit_async(pool, fn, args, on_done, on_error):
    pool.apply_async(fn, args, callback=on_done, error_callback=on_error)
