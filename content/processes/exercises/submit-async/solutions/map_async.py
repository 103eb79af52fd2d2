def call(task):
    fn, args = task
    return fn(*args)


def submit_async(pool, fn, args, on_done, on_error):
    pool.map_async(
        call, [(fn, args)], callback=lambda results: on_done(results[0]), error_callback=on_error
    )
