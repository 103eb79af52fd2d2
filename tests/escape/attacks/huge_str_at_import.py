# attack: a 64 GiB string allocated at import time
# expect-note: could not be imported: MemoryError
# expect-passed: no
HUGE = "x" * (64 * 2**30)


def run_in_child(target, args):
    return len(HUGE)
