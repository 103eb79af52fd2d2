# Must fail: on_done is called by the pool's callback and again by a thread.
# Expected first failing check: calls on_done exactly once, in your process, with the result
# Expected message contains: on_done was called 2 times; expected exactly once
import threading


def submit_async(pool, fn, args, on_done, on_error):
    pending = pool.apply_async(fn, args, callback=on_done, error_callback=on_error)

    def also_deliver():
        try:
            on_done(pending.get())
        except Exception:
            pass

    threading.Thread(target=also_deliver, daemon=True).start()
