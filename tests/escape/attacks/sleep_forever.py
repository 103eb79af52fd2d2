# attack: sleep forever in the caller
# expect-note: did not return within 3 s
# expect-passed: no
import time


def run_in_child(target, args):
    time.sleep(3600)
