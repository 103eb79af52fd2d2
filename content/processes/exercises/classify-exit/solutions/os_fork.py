import os
import sys


def classify_exit(target):
    pid = os.fork()
    if pid == 0:
        status = 0
        try:
            target()
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:
            status = 1
        finally:
            sys.stdout.flush()
            os._exit(status & 0xFF)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        return "killed"
    return "normal" if os.WEXITSTATUS(status) == 0 else "error"
