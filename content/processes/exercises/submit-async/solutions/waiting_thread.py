import threading


def submit_async(pool, fn, args, on_done, on_error):
    pending = pool.apply_async(fn, args)

    def deliver():
        try:
            result = pending.get()
        except Exception as exc:
            on_error(exc)
        else:
            on_done(result)

    threading.Thread(target=deliver, daemon=True).start()
