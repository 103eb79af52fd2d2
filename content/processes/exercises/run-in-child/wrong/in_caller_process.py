# Must fail: runs target in the caller's own process and fakes the exit code.
# Expected first failing check: runs the target in a new process
# Expected message contains: created no new process
def run_in_child(target, args):
    try:
        target(*args)
    except SystemExit as exc:
        return exc.code or 0
    except Exception:
        return 1
    return 0
