# attack: a huge int computed at import time (10 ** 10 ** 9: CPU, then memory)
# expect-note: CPU time limit
# expect-passed: no
HUGE = 10 ** (10**9)


def run_in_child(target, args):
    return HUGE % 7
