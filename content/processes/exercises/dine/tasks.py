"""Trusted tasks of dine: the meal, and a slower hand at the forks.

eat(i) writes "eat i begin", keeps the meal open for MEAL seconds, then writes
"eat i end", each line with one write() straight to the process's stdout: the
sandbox's supervisor records each write with the process that made it and its
time, so the checks see who ate when, from outside.

Importing this module (it is, in the caller and in every philosopher, since
eat is passed to them) makes taking a multiprocessing lock a little slower: a
seeded pause of up to 4 ms after each acquisition, `with lock:` included (the
schedules pause around acquire() only). A philosopher who holds one fork and
reaches for the next then does so later, so a cycle of philosophers each
holding one fork (a deadlock) forms on every grading of code that allows it,
not on unlucky ones only. It is pressure, not an observation.
"""

import os
import random
import time
from multiprocessing import synchronize

MEAL = 0.02
_hand = random.Random()
_enter = synchronize.SemLock.__enter__


def _reseed():
    _hand.seed(f"dine:{os.environ.get('PROCTOR_SEED', '0')}:{os.getpid()}")


def __enter__(self):  # the name the hang report shows
    taken = _enter(self)
    if _hand.random() < 0.7:
        time.sleep(_hand.uniform(0, 0.004))
    return taken


_reseed()
os.register_at_fork(after_in_child=_reseed)
synchronize.SemLock.__enter__ = __enter__


def eat(i):
    os.write(1, f"eat {i} begin\n".encode())
    time.sleep(MEAL)
    os.write(1, f"eat {i} end\n".encode())
