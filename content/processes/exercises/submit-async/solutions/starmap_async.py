def submit_async(pool, fn, args, on_done, on_error):
    # starmap_async hands the callback a list of results: one here.
    pool.starmap_async(
        fn, [args], callback=lambda results: on_done(results[0]), error_callback=on_error
    )
