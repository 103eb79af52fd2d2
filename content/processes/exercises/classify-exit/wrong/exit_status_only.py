# Must fail (subtler): reads the exit status of the wait status, never checks for a signal.
# Expected first failing check: tells an error exit from a kill by a signal
# Expected message contains: returned 'normal'; expected 'killed'
import os


def classify_exit(target):
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            target()
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            status = 1
        os._exit(status)
    _, status = os.waitpid(pid, 0)
    return "normal" if os.WEXITSTATUS(status) == 0 else "error"
