# attack: return at once without waiting, and claim in the frame that the caller was the harness
# expect-note: was still running
# expect-passed: no
import json
import os
import sys
import time

EXPECTED = {
    "exit_with": lambda a: a[0],
    "exit_with_sum": sum,
    "raise_value_error": lambda a: 1,
    "kill_self": lambda a: -a[0],
    "sleep_then_exit": lambda a: a[1],
}
time.sleep(0.7)  # at import: the previous call's unwaited child has ended by the next call


def run_target(target, args):
    try:
        target(*args)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    except BaseException:
        code = 1
    os._exit(code)


def caller_pipe():
    frame = sys._getframe()
    while frame is not None:
        if "write_fd" in frame.f_locals:
            return frame.f_locals["write_fd"]
        frame = frame.f_back
    return None


def run_in_child(target, args):
    if os.fork() == 0:
        run_target(target, args)
    value = EXPECTED[target.__name__](args)  # known from the arguments: no need to wait
    fd = caller_pipe()
    if fd is None:
        return value
    outcome = {"status": "returned", "value": value, "pid": os.getpid(), "caller": 2}
    os.write(fd, b"\x00PROCTOR-CALL " + json.dumps(outcome).encode() + b"\n")
    time.sleep(0.2)  # not a wait: the 0.6 s child of the "slow" call is still running
    os._exit(0)
