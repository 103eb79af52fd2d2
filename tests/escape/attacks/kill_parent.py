# attack: kill the parent (the grading harness) with SIGKILL
# expect-note: stopped the grader's harness
# expect-passed: no
import os
import signal


def run_in_child(target, args):
    os.kill(os.getppid(), signal.SIGKILL)
    return 0
