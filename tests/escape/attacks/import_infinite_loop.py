# attack: an infinite loop at import time, in every caller
# expect-note: CPU time limit
# expect-passed: no
while True:
    pass


def run_in_child(target, args):
    return 0
