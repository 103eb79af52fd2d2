# Must fail: runs the target in the caller's own process.
# Expected first failing check: runs the target in a child process
# Expected message contains: created no child process
def classify_exit(target):
    try:
        target()
    except SystemExit as exc:
        return "normal" if not exc.code else "error"
    except BaseException:
        return "error"
    return "normal"
