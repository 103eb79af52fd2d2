"""Checks of pipeline: every process ends, every item squared exactly once, P + C processes.

Judged on kernel facts and the returned value: whether the call returned at all
(a call that blocks forever is stopped at its timeout, and the grader reports
where each of its processes was blocked, from their stacks), which processes
were still running or unreaped when it returned, and how many processes it
created. The results are the returned value, compared as a multiset with the
squares of the items: the items are distinct and their squares too, so a lost
or a duplicated item shows. Nothing is recorded by code inside the sandbox.
"""

from collections import Counter

from grader.checks import Call, check, first_problem, hidden_result

ITEMS = list(range(1, 61))
CALLS = [
    Call("two-three", "pipeline", (ITEMS, 2, 3, 4), timeout=8),
    Call("three-two", "pipeline", (list(range(100, 140)), 3, 2, 2), timeout=8),
    # hidden
    Call("one-one", "pipeline", (list(range(7, 17)), 1, 1, 1), timeout=6),
    Call("no-items", "pipeline", ([], 2, 2, 3), timeout=6),
]
VISIBLE = ("two-three", "three-two")
HIDDEN = ("one-one", "no-items")


def described(call):
    items, producers, consumers, maxsize = call.call.args
    shown = f"[{items[0]}, ..., {items[-1]}]" if len(items) > 3 else repr(items)
    return f"pipeline({shown}, producers={producers}, consumers={consumers}, maxsize={maxsize})"


def hint(call):
    blocked = " ".join(call.blocked)
    if "Queue.get()" in blocked:
        return (
            " A consumer waits for an item that never comes: after every producer has "
            "finished, put one end marker (a sentinel) per consumer."
        )
    if "Queue.put()" in blocked:
        return (
            " A producer waits for room in the full queue: nobody takes items out; start "
            "the consumers before you wait for the producers."
        )
    return ""


def ending_problem(call):
    if call.status == "timeout":
        return f"{call.problem().replace(call.call.describe(), described(call))}.{hint(call)}"
    if not call.returned:
        return call.problem().replace(call.call.describe(), described(call))
    left = call.leftovers()
    if left:
        process, state = left[0]
        what = "had ended but was not reaped (a zombie)" if state == "Z" else "was still running"
        return (
            f"when {described(call)} returned, process {process.pid} {what}: every producer "
            "and consumer must end, and be joined, before you return"
        )
    return None


def results_problem(call):
    found = ending_problem(call)
    if found:
        return found
    expected = [item * item for item in call.call.args[0]]
    value = call.value
    if not isinstance(value, (list, tuple)):
        return f"{described(call)} returned {value!r}; expected a list of the squares"
    got, wanted = Counter(value), Counter(expected)
    missing = sorted(wanted - got)
    extra = sorted(got - wanted)
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"{len(missing)} squares missing (lost items), e.g. {missing[:5]}")
        if extra:
            parts.append(f"{len(extra)} too many (duplicated or wrong), e.g. {extra[:5]}")
        return (
            f"{described(call)} returned {len(value)} results for {len(expected)} items: "
            f"{'; '.join(parts)}. Every item must be taken by exactly one consumer"
        )
    return None


def processes_problem(call):
    found = ending_problem(call)
    if found:
        return found
    _, producers, consumers, _ = call.call.args
    mine = len(call.own_processes)
    if mine < producers + consumers:
        return (
            f"{described(call)} created {mine} process{'es' if mine != 1 else ''}; "
            f"expected {producers} producers and {consumers} consumers, each a process"
        )
    return None


@check("every process ends: nothing blocks forever", points=3)
def all_end(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(
        calls, ending_problem, "every producer and consumer ended, and your function returned"
    )


@check("every item is processed exactly once", points=4)
def exactly_once(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, results_problem, "each item's square came back exactly once")


@check("producers and consumers run in processes of their own", points=2)
def own_processes(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, processes_problem, "one process per producer and per consumer")


@check("works with one of each, and with no items", points=1, hidden=True)
def edge_cases(run):
    calls = (run.calls[call_id] for call_id in HIDDEN)
    return hidden_result(calls, results_problem, processes_problem)
