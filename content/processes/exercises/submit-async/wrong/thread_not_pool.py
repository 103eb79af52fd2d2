# Must fail (subtler): asynchronous, but fn runs in a thread of the caller, not in the pool.
# Expected first failing check: runs fn in the given pool
# Expected message contains: not in the pool's worker processes
import threading


def submit_async(pool, fn, args, on_done, on_error):
    def work():
        try:
            result = fn(*args)
        except Exception as exc:
            on_error(exc)
        else:
            on_done(result)

    threading.Thread(target=work, daemon=True).start()
