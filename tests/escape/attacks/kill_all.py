# attack: kill(-1, SIGKILL): every process the job may signal
# expect-note: stopped the grader's harness
# expect-passed: no
import os
import signal


def run_in_child(target, args):
    os.kill(-1, signal.SIGKILL)
    return 0
