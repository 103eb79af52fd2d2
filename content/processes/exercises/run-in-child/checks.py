"""Checks of run-in-child: the child, the wait and the exit code, judged on the kernel's record."""

from grader.checks import Call, check, failed, passed, task

# (call, the exit code the child must end with, as Process.exitcode gives it)
VISIBLE = [
    (Call("exit-0", "run_in_child", (task("exit_with"), [0]), timeout=3), 0),
    (Call("exit-3", "run_in_child", (task("exit_with"), [3]), timeout=3), 3),
    (Call("raises", "run_in_child", (task("raise_value_error"), []), timeout=3), 1),
    (Call("killed", "run_in_child", (task("kill_self"), [9]), timeout=3), -9),
    (Call("slow", "run_in_child", (task("sleep_then_exit"), [0.6, 5]), timeout=3), 5),
]
HIDDEN = [
    (Call("sum", "run_in_child", (task("exit_with_sum"), [2, 4]), timeout=3), 6),
    (Call("terminated", "run_in_child", (task("kill_self"), [15]), timeout=3), -15),
]
EXPECTED = {call.id: code for call, code in VISIBLE + HIDDEN}
CALLS = [call for call, _ in VISIBLE + HIDDEN]
VISIBLE_IDS = [call.id for call, _ in VISIBLE]


def ending(code):
    return f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"


def target_child(run):
    """The process the call created that ended the way the target ends, if any."""
    expected = EXPECTED[run.call.id]
    return next((p for p in run.own_processes if p.exitcode == expected), None)


def outlived(run):
    """A process the call created that was still running when the call returned."""
    if not run.returned:
        return None
    return next((p for p in run.own_processes if not p.ended_by(run.returned_at)), None)


@check("runs the target in a new process", points=3)
def runs_in_child(run):
    for call in (run.calls[i] for i in VISIBLE_IDS):
        if target_child(call) or outlived(call):
            continue
        described = call.call.describe()
        if call.status in {"raised", "crashed"} and not call.own_processes:
            return failed(f"{call.problem()}: the target ran in your own process, not in a child")
        if call.problem() and call.status != "returned" and call.status != "raised":
            return failed(call.problem())
        if not call.own_processes:
            return failed(f"{described} created no new process: the target must run in a child")
        seen = "; ".join(f"process {p.pid} {p.how_it_ended()}" for p in call.own_processes)
        return failed(
            f"{described}: expected a child that {ending(EXPECTED[call.call.id])}; observed: {seen}"
        )
    return passed("every call ran its target in a process of its own")


@check("waits for the child to end", points=3)
def waits(run):
    for call in (run.calls[i] for i in VISIBLE_IDS):
        if not call.returned:
            return failed(call.problem())
        child = outlived(call) or target_child(call)
        if child is None:
            return failed(f"{call.call.describe()}: no child ran the target, nothing to wait for")
        if not child.ended_by(call.returned_at):
            return failed(
                f"{call.call.describe()} returned while its child (process {child.pid}) "
                "was still running: wait for it with join() before returning"
            )
    return passed("every call returned only after its child had ended")


@check("returns the child's exit code", points=3)
def returns_exit_code(run):
    for call in (run.calls[i] for i in VISIBLE_IDS):
        if not call.returned:
            return failed(call.problem())
        expected = EXPECTED[call.call.id]
        if type(call.value) is not int or call.value != expected:
            return failed(
                f"{call.call.describe()} returned {call.value!r}; expected {expected}, "
                f"because the child {ending(expected)}"
            )
    return passed("every call returned the child's exit code")


@check("handles other exit codes and signals", points=1, hidden=True)
def hidden_cases(run):
    for call_id in ("sum", "terminated"):
        call = run.calls[call_id]
        if not call.returned or call.value != EXPECTED[call_id] or not target_child(call):
            return failed("a hidden case failed")
    return passed()
