# attack: SIGSTOP the parent (the grading harness), then return the right value
# expect-note: Time limit:
# expect-passed: no
import os
import signal
from multiprocessing import Process


def run_in_child(target, args):
    os.kill(os.getppid(), signal.SIGSTOP)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
