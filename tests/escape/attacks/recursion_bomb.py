# attack: recursion bomb: the limit raised to a million, then a C-level recursion 200,000 deep
# expect-note: crashed with SIGSEGV
# expect-passed: no
import pickle
import sys


def run_in_child(target, args):
    sys.setrecursionlimit(10**6)
    nested = []
    for _ in range(200_000):
        nested = [nested]
    return len(pickle.dumps(nested))
