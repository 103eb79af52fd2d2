# attack: monkey-patch the harness (__main__, os._exit, the frame) and hunt its result fd
# expect-note: created no new process
# expect-passed: no
import glob
import json
import os
import sys

import __main__

EXPECTED = {
    "exit_with": lambda a: a[0],
    "exit_with_sum": sum,
    "raise_value_error": lambda a: 1,
    "kill_self": lambda a: -a[0],
    "sleep_then_exit": lambda a: a[1],
}


def hunt_result_fd():
    record = {"id": "exit-0", "caller": 2, "status": "returned", "value": 0}
    line = (json.dumps(record) + "\n").encode()
    result_fd = getattr(__main__, "RESULT_FD", None)
    print("PROCTOR_RESULT_FD", os.environ.get("PROCTOR_RESULT_FD"), result_fd)
    paths = glob.glob("/proc/self/fd/*") + glob.glob(f"/proc/{os.getppid()}/fd/*")
    paths += glob.glob("/proc/1/fd/*")
    for path in paths:
        try:
            fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            os.write(fd, line)
            print("wrote a result line through", path)
            os.close(fd)
        except OSError as exc:
            print(path, type(exc).__name__)
    if result_fd is not None:
        try:
            os.write(result_fd, line)
            print("wrote to the result fd", result_fd)
        except OSError as exc:
            print("result fd", exc)


def run_in_child(target, args):
    hunt_result_fd()
    value = EXPECTED.get(getattr(target, "__name__", ""), lambda a: 0)(args)
    __main__.to_json_safe = lambda *_a, **_k: value
    __main__.FRAME = b"\x00PROCTOR-CALL "
    __main__.MAX_FRAME_BYTES = 10**9
    os._exit = lambda code: sys.exit(0)
    return value
