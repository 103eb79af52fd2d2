"""Loaded by every Python process of a grading job (the job's directory is on PYTHONPATH).

Two trusted services for the grader, set up before any student code runs:

1. Stacks on demand. On STACK_SIGNAL a process writes the Python stack of every
   thread to its own file under STACK_DIR, even while blocked in a system call
   (faulthandler dumps from the signal handler). The harness asks for them when a
   call hangs, so the student learns where each process was blocked.
2. Schedule perturbation. When PROCTOR_SCHEDULE is set (JSON: seed, cpus,
   start_delay_ms, sync_delay_ms), processes start late by a random delay, and
   random pauses surround the operations where processes meet (locks, semaphores,
   events, conditions, barriers, queues, pipes, shared values), possibly all on
   one CPU. Seeded per process, so a schedule can be replayed. A correct solution
   is indifferent to all of it; a race or an ordering bug shows.

Both are diagnostics and pressure, not observations: the verdict never relies
on anything this module records.
"""

import faulthandler
import json
import os
import random
import signal
import time

STACK_SIGNAL = signal.SIGRTMIN + 3
STACK_DIR = "/tmp/.proctor-stacks"


def _stack_file():
    os.makedirs(STACK_DIR, exist_ok=True)
    return open(f"{STACK_DIR}/{os.getpid()}", "w")  # kept open: the handler writes to it


def _arm_stacks() -> None:
    try:
        faulthandler.register(STACK_SIGNAL, file=_stack_file(), all_threads=True, chain=False)
    except (OSError, RuntimeError, ValueError):
        pass  # no stacks for this process; grading goes on


class _Schedule:
    def __init__(self, spec: dict) -> None:
        self.seed = int(spec.get("seed", 0))
        self.start_delay = float(spec.get("start_delay_ms", 0)) / 1000
        self.sync_delay = float(spec.get("sync_delay_ms", 0)) / 1000
        self.probability = float(spec.get("probability", 0.3))
        # Pauses stop once a process has slept this long: enough to shake the order of
        # start-ups and first meetings, never enough to turn a tight loop into a timeout.
        self.budget = float(spec.get("budget_ms", 300)) / 1000
        self.cpus = spec.get("cpus", "all")
        self.reseed()

    def reseed(self) -> None:
        # Per process: the same schedule seed replays the same choices in each process.
        self.rng = random.Random(f"{self.seed}:{os.getpid()}")
        self.slept = 0.0

    def pause(self, most: float) -> None:
        if most > 0 and self.slept < self.budget and self.rng.random() < self.probability:
            delay = self.rng.uniform(0, most)
            self.slept += delay
            time.sleep(delay)

    def at_start(self) -> None:
        self.reseed()
        if self.start_delay:
            time.sleep(self.rng.uniform(0, self.start_delay))  # outside the pause budget


def _wrap(schedule: _Schedule, function):
    def perturbed(*args, **kwargs):
        schedule.pause(schedule.sync_delay)
        try:
            return function(*args, **kwargs)
        finally:
            schedule.pause(schedule.sync_delay)

    perturbed.__wrapped__ = function
    return perturbed


def _perturb_multiprocessing(schedule: _Schedule) -> None:
    import multiprocessing.connection as connection
    import multiprocessing.queues as queues
    import multiprocessing.synchronize as synchronize

    make_methods = synchronize.SemLock._make_methods

    def _make_methods(self):
        make_methods(self)
        self.acquire = _wrap(schedule, self.acquire)
        self.release = _wrap(schedule, self.release)

    synchronize.SemLock._make_methods = _make_methods
    for cls, names in [
        (synchronize.Event, ("set", "wait", "clear")),
        (synchronize.Condition, ("wait", "notify", "notify_all")),
        (synchronize.Barrier, ("wait",)),
        (queues.Queue, ("put", "get")),
        (queues.SimpleQueue, ("put", "get")),
        (connection._ConnectionBase, ("send", "recv", "send_bytes", "recv_bytes", "poll")),
    ]:
        for name in names:
            setattr(cls, name, _wrap(schedule, getattr(cls, name)))


def _apply_schedule(raw: str) -> None:
    schedule = _Schedule(json.loads(raw))
    if schedule.cpus == "one":
        cpus = sorted(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpus[schedule.seed % len(cpus)]})
    # A late start for every new process: forked ones, and new interpreters (spawn).
    os.register_at_fork(after_in_child=schedule.at_start)
    schedule.at_start()
    _perturb_multiprocessing(schedule)


_arm_stacks()
os.register_at_fork(after_in_child=_arm_stacks)
if os.environ.get("PROCTOR_SCHEDULE"):
    _apply_schedule(os.environ["PROCTOR_SCHEDULE"])
