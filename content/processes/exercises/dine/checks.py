"""Checks of dine: nobody deadlocks, every meal eaten, neighbours never together, others can be.

Judged on kernel facts: every line written to stdout, attributed by the
sandbox's supervisor to the process that wrote it, with its time. The trusted
eat(i) writes "eat i begin" and "eat i end" around a meal it holds open for
20 ms, so the lines of each process give the intervals during which
philosopher i ate; the checks accept those lines only from one process per
philosopher (not the caller), each alternating begin and end. A call that
never returns is stopped at its timeout and the grader reports where each
process was blocked (from their stacks): the checks turn that into the cycle
of philosophers waiting for each other. The meal counts are the returned value,
judged against the lines. Nothing is recorded by code inside the sandbox.
"""

import re

from grader.checks import Call, check, failed, first_problem, passed, task

CALLS = [
    Call("five", "dine", (5, 8, task("eat")), timeout=5),
    Call("six", "dine", (6, 6, task("eat")), timeout=5),
    # hidden: two philosophers share both forks, so they never eat together
    Call("two", "dine", (2, 4, task("eat")), timeout=6),
]
VISIBLE = ("five", "six")
OWN = "each philosopher must be a process of its own"
LINE = re.compile(r"^eat (\d+) (begin|end)$")


def described(call):
    n, meals, _ = call.call.args
    return f"dine({n}, {meals}, eat)"


def cycle(call):
    """The hang report, said as the philosophers waiting for each other."""
    who = {}
    for line in call.lines:
        found = LINE.match(line.text.strip())
        if found:
            who.setdefault(line.pid, int(found[1]))
    blocked = [s for s in call.blocked if "__enter__" in s or "acquire" in s or "Lock" in s]
    if len(blocked) < 2:
        return ""
    n = call.call.args[0]
    return (
        f" {len(blocked)} philosophers were each blocked taking a fork while holding "
        "another: each waits for a fork its neighbour holds, and that neighbour waits for "
        f"the next one's, all around the table ({' -> '.join(str(i) for i in range(n))} -> 0): "
        "a cycle, so nobody ever eats again (a deadlock). Break the cycle: take the "
        "lower-numbered fork first, or let at most n - 1 philosophers reach for forks at once"
    )


def ending_problem(call):
    if call.status == "timeout":
        return call.problem().replace(call.call.describe(), described(call)) + "." + cycle(call)
    if not call.returned:
        return call.problem().replace(call.call.describe(), described(call))
    left = call.leftovers()
    if left:
        process, state = left[0]
        what = "had ended but was not reaped (a zombie)" if state == "Z" else "was still running"
        return (
            f"when {described(call)} returned, process {process.pid} {what}: join every philosopher"
        )
    return None


def meals_of(call):
    """{philosopher: [(begin, end), ...]} from the kernel-attributed lines, or a problem."""
    by_pid = {}
    for line in call.lines:
        if line.stream != "stdout":
            continue
        found = LINE.match(line.text.strip())
        if not found:
            continue
        if line.pid == call.caller.pid:
            problem = f"{described(call)}: your own process (the caller) ate"
            return None, f"{problem}; {OWN}"
        by_pid.setdefault(line.pid, []).append((int(found[1]), found[2], line.time))
    meals_by = {}
    for pid, events in by_pid.items():
        who = {i for i, _, _ in events}
        if len(who) != 1:
            problem = f"{described(call)}: process {pid} ate as philosophers {sorted(who)}"
            return None, f"{problem}; {OWN}"
        i = who.pop()
        if i in meals_by:
            return None, f"{described(call)}: philosopher {i} ate in more than one process"
        kinds = [kind for _, kind, _ in events]
        if kinds != ["begin", "end"] * (len(kinds) // 2) or len(kinds) % 2:
            return (
                None,
                f"{described(call)}: the meals of philosopher {i} did not each begin and end",
            )
        times = [t for _, _, t in events]
        meals_by[i] = list(zip(times[::2], times[1::2], strict=True))
    return meals_by, None


def count_problem(call):
    found = ending_problem(call)
    if found:
        return found
    n, meals, _ = call.call.args
    meals_by, found = meals_of(call)
    if found:
        return found
    for i in range(n):
        if len(meals_by.get(i, [])) != meals:
            return (
                f"{described(call)}: philosopher {i} called eat({i}) "
                f"{len(meals_by.get(i, []))} times; expected {meals}"
            )
    if call.value != [meals] * n:
        return (
            f"{described(call)} returned {call.value!r}; expected {[meals] * n!r}: the "
            "meals each ate, in the order of philosophers"
        )
    return None


def overlap(a, b):
    """The first pair of meals of a and b that overlapped, or None."""
    for begin, end in a:
        for other_begin, other_end in b:
            if begin < other_end and other_begin < end:
                return (begin, end), (other_begin, other_end)
    return None


def neighbours_problem(call):
    found = count_problem(call)
    if found:
        return found
    n = call.call.args[0]
    meals_by, _ = meals_of(call)
    start = call.started_at or 0
    for i in range(n):
        j = (i + 1) % n
        if i == j:
            continue
        both = overlap(meals_by[i], meals_by[j])
        if both:
            (b1, e1), (b2, e2) = both
            return (
                f"{described(call)}: neighbours {i} and {j} ate at the same time: {i} from "
                f"{b1 - start:.3f} s to {e1 - start:.3f} s, {j} from {b2 - start:.3f} s to "
                f"{e2 - start:.3f} s, though they share fork {j}: hold both forks while eating"
            )
    return None


def someone_together(call):
    n = call.call.args[0]
    meals_by, _ = meals_of(call)
    return any(overlap(meals_by[i], meals_by[j]) for i in range(n) for j in range(i + 1, n))


@check("never deadlocks: every philosopher finishes", points=3)
def no_deadlock(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, ending_problem, "every philosopher finished and was joined")


@check("each philosopher eats `meals` times, in a process of its own", points=2)
def every_meal(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(
        calls, count_problem, "every philosopher ate every meal, each in a process of its own"
    )


@check("neighbours never eat at the same time", points=3)
def neighbours_apart(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, neighbours_problem, "no two neighbours ever ate at the same time")


@check("philosophers who are not neighbours eat at the same time", points=1)
def others_together(run):
    for call_id in VISIBLE:
        call = run.calls[call_id]
        found = neighbours_problem(call)
        if found:
            return failed(found)
        if not someone_together(call):
            return failed(
                f"{described(call)}: no two philosophers ever ate at the same time, although "
                f"{call.call.args[0]} philosophers each ate {call.call.args[1]} meals of 20 ms: "
                "philosophers who share no fork must be able to eat together (one lock for "
                "the whole table serialises them all)"
            )
    return passed("philosophers who share no fork ate at the same time")


@check("works with two philosophers", points=1, hidden=True)
def two(run):
    call = run.calls["two"]
    if neighbours_problem(call):
        return failed("a hidden case failed")
    meals_by, _ = meals_of(call)
    if overlap(meals_by[0], meals_by[1]):
        return failed("a hidden case failed")
    return passed()
