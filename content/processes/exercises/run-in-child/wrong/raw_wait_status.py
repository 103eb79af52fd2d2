# Must fail (subtler): returns the raw wait status, not the exit code.
# Expected first failing check: returns the child's exit code
# Expected message contains: returned 768; expected 3
import os


def run_in_child(target, args):
    pid = os.fork()
    if pid == 0:
        try:
            target(*args)
            os._exit(0)
        except SystemExit as exc:
            os._exit(exc.code or 0)
        except BaseException:
            os._exit(1)
    return os.waitpid(pid, 0)[1]
