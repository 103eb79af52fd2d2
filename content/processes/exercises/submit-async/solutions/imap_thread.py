import threading


def call(task):
    fn, args = task
    return fn(*args)


def submit_async(pool, fn, args, on_done, on_error):
    results = pool.imap(call, [(fn, args)])

    def deliver():
        try:
            value = next(results)
        except Exception as exc:
            on_error(exc)
            return
        on_done(value)

    threading.Thread(target=deliver).start()
