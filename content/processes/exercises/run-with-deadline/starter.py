def run_with_deadline(target, seconds):
    # Run target() in a child. True if it ends within `seconds`; otherwise end it
    # (even if it ignores SIGTERM), reap it, and return False.
    ...
