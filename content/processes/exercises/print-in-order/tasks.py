"""Trusted data of print-in-order: the lists of names, and a slower pace of fork().

The checks pass the names as tasks (NAMES_A, ...) so that this module is
imported in the caller before the call. Importing it makes every fork() made
from then on (by the caller, or by a process it forked) pause the parent for a
seeded 10 to 20 ms before it carries on: starting eight processes then takes
over a tenth of a second, longer than the latest start-up delay of a schedule,
so a process that prints as soon as it runs, before the others have started,
shows in the kernel's record on every grading instead of on unlucky ones only.
It is pressure, not an observation: the checks rely on the kernel's record.
"""

import os
import random
import time

_pace = random.Random(f"print-in-order:{os.environ.get('PROCTOR_SEED', '0')}")


def _slow_parent():
    time.sleep(_pace.uniform(0.010, 0.020))


os.register_at_fork(after_in_parent=_slow_parent)

NAMES_A = ["ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen"]
NAMES_B = ["one", "two", "three", "four", "five", "six", "seven", "eight"]
NAMES_C = ["z", "y", "x", "w", "v", "u", "t", "s"]  # hidden: not in alphabetical order
NAMES_D = ["solo"]
