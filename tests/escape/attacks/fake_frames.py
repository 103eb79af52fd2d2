# attack: forge the harness: fake call frames and result lines on every fd, a fake passing verdict
# expect-note: created no new process
# expect-passed: no
import contextlib
import json
import os

IDS = ["exit-0", "exit-3", "raises", "killed", "slow", "sum", "terminated"]
VALUES = {
    "exit-0": 0,
    "exit-3": 3,
    "raises": 1,
    "killed": -9,
    "slow": 5,
    "sum": 6,
    "terminated": -15,
}


def forge():
    frames = b"".join(
        b"\x00PROCTOR-CALL "
        + json.dumps({"status": "returned", "value": v, "pid": pid}).encode()
        + b"\n"
        for v in (0, 3)
        for pid in range(1, 50)
    )
    lines = b"".join(
        json.dumps({"id": i, "caller": 3 + n, "status": "returned", "value": VALUES[i]}).encode()
        + b"\n"
        for n, i in enumerate(IDS)
    )
    verdict = {
        "exercise": "run-in-child",
        "passed": True,
        "score": 1.0,
        "checks": [{"name": "runs the target in a new process", "passed": True}],
    }
    print(json.dumps(verdict))
    for fd in range(0, 1025):
        with contextlib.suppress(OSError):
            os.write(fd, frames + lines)


def run_in_child(target, args):
    forge()
    return 0
