"""Checks of print-in-order: one process per name, all alive before any prints, lines in order.

Judged on kernel facts: the processes the call created (when each started and
ended) and every line written to stdout, attributed by the sandbox's supervisor
to the process that made the write system call, with its time. Who printed a
name, whether every printer had started before the first line, and the order
of the lines all come from that record; nothing is recorded by code inside the
sandbox, and what the function returns is not judged.
"""

from grader.checks import Call, check, failed, first_problem, hidden_result, passed, task

# The names are the lists of the same name in tasks.py, passed as tasks: importing
# tasks.py in the caller slows the pace of fork() (see there).
NAMES = {
    "NAMES_A": ["ant", "bee", "cat", "dog", "eel", "fox", "gnu", "hen"],
    "NAMES_B": ["one", "two", "three", "four", "five", "six", "seven", "eight"],
    "NAMES_C": ["z", "y", "x", "w", "v", "u", "t", "s"],
    "NAMES_D": ["solo"],
}
CALLS = [
    Call("animals", "print_in_order", (task("NAMES_A"),), timeout=8),
    Call("numbers", "print_in_order", (task("NAMES_B"),), timeout=8),
    # hidden
    Call("letters", "print_in_order", (task("NAMES_C"),), timeout=8),
    Call("one", "print_in_order", (task("NAMES_D"),), timeout=5),
]
VISIBLE = ("animals", "numbers")
HIDDEN = ("letters", "one")


def names_of(call):
    return NAMES[call.call.args[0]["$task"]]


def described(call):
    return f"print_in_order({names_of(call)!r})"


def problem(call):
    """Why the call did not return, with the names shown as the student's code saw them."""
    return call.problem().replace(call.call.describe(), described(call))


def printed(call):
    """The stdout lines of the call (kernel-attributed), in the order they were written."""
    return [line for line in call.lines if line.stream == "stdout"]


def printers_problem(call):
    """Every name printed once, on a line of its own, each by a process of its own."""
    if not call.returned:
        return problem(call)
    names = names_of(call)
    lines = printed(call)
    texts = [line.text.strip() for line in lines]
    if sorted(texts) != sorted(names):
        return (
            f"{described(call)}: your processes printed the lines {texts!r}; expected each name "
            f"exactly once, on a line of its own: {names!r} (print(name, flush=True))"
        )
    by_caller = [line.text.strip() for line in lines if line.pid == call.caller.pid]
    if by_caller:
        return (
            f"{described(call)}: {by_caller[0]!r} was printed by your own process (the caller); "
            "each name must be printed by a process of its own"
        )
    writers = {line.pid for line in lines}
    if len(writers) < len(names):
        return (
            f"{described(call)}: {len(names)} names were printed by {len(writers)} "
            f"process{'es' if len(writers) != 1 else ''}; expected one process per name"
        )
    return None


def together_problem(call):
    """Every printer had started before the first line was written (a start gate)."""
    found = printers_problem(call)
    if found:
        return found
    lines = printed(call)
    first = lines[0]
    starts = {p.pid: p.start for p in call.processes}
    late = [line for line in lines if starts.get(line.pid, float("inf")) > first.time]
    if late:
        later = starts[late[0].pid] - first.time
        return (
            f"{described(call)}: {first.text.strip()!r} was printed {later:.3f} s before the "
            f"process that printed {late[0].text.strip()!r} had even started: start every "
            "process, and make sure all have started, before any of them prints"
        )
    return None


def order_problem(call):
    found = printers_problem(call)
    if found:
        return found
    texts = [line.text.strip() for line in printed(call)]
    names = names_of(call)
    if texts != names:
        wrong = next(i for i, (a, b) in enumerate(zip(texts, names, strict=True)) if a != b)
        return (
            f"{described(call)}: the lines came out as {texts!r}; line {wrong + 1} was "
            f"{texts[wrong]!r}, expected {names[wrong]!r}. Starting processes in order, or "
            "sleeping, does not decide when each one runs: make each process wait for the "
            "one before it"
        )
    return None


@check("prints each name once, each from a process of its own", points=3)
def one_process_per_name(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(
        calls, printers_problem, "each name was printed once, by a process of its own"
    )


@check("all processes are alive before any of them prints", points=3)
def all_alive_first(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(
        calls, together_problem, "every process had started before the first line was printed"
    )


@check("the lines come out in the order of names", points=3)
def in_order(run):
    for call_id in VISIBLE:
        found = order_problem(run.calls[call_id])
        if found:
            return failed(found)
    # An ordering bug may show only with more names: judge the hidden calls' order
    # here too, so the check that names the bug is the one that fails, without
    # telling what the hidden calls are.
    for call_id in HIDDEN:
        call = run.calls[call_id]
        if not printers_problem(call) and order_problem(call):
            return failed(
                "with other names (a hidden case), the lines did not come out in the order "
                "of names. Starting processes in order, or sleeping, does not decide when "
                "each one runs: make each process wait for the one before it"
            )
    return passed("the lines came out in the order of names, in every call")


@check("works with other names and with a single name", points=1, hidden=True)
def other_names(run):
    calls = (run.calls[call_id] for call_id in HIDDEN)
    return hidden_result(calls, printers_problem, together_problem, order_problem)
