# attack: CPU spin in the caller, forever
# expect-note: CPU time limit
# expect-passed: no


def run_in_child(target, args):
    n = 0
    while True:
        n += 1
