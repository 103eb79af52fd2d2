# Must fail (subtler): the forked child catches Exception, not BaseException, so a
# KeyboardInterrupt escapes into code that is not its own and it exits with status 0.
# Expected first failing check: runs the target in a child process
# Expected message contains: no child of yours ended that way
import os


def classify_exit(target):
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            target()
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else 1
        except Exception:
            status = 1
        os._exit(status)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "killed"
    return "normal" if os.WEXITSTATUS(status) == 0 else "error"
