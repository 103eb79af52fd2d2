import os
import signal
import time


def run_with_deadline(target, seconds):
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            target()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            os._exit(code)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            return True
        time.sleep(0.01)
    done, _ = os.waitpid(pid, os.WNOHANG)
    if done:
        return True
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return False
