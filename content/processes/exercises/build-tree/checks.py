"""Checks of build-tree: a tree of processes, every parent waiting for its own, reported truly.

Judged on kernel facts: who created each process (its parent as the kernel
recorded it at creation), whether a parent exited without waiting for a child
(the kernel then hands the child to another process: the sandbox's supervisor
sees it adopted, still running or as an unreaped zombie), and which of the
call's processes were still there, running or unreaped, when it returned. The
returned dict is the student's own report, judged against that record.
"""

from collections import defaultdict

from grader.checks import Call, check, first_problem, hidden_result

CALLS = [
    Call("2x2", "build_tree", (2, 2), timeout=10),
    Call("1x3", "build_tree", (1, 3), timeout=10),
    # hidden
    Call("3x2", "build_tree", (3, 2), timeout=15),
    Call("0x3", "build_tree", (0, 3), timeout=5),
]
VISIBLE = ("2x2", "1x3")
HIDDEN = ("3x2", "0x3")


def children_of(call):
    """{parent pid: [its children]} among the processes the call created."""
    children = defaultdict(list)
    for process in call.own_processes:
        children[process.ppid].append(process)
    return children


def levels(call):
    """{pid: level below the caller} for every process the call created."""
    children, found, level = children_of(call), {}, [call.caller.pid]
    depth = 0
    while level:
        depth += 1
        level = [child.pid for pid in level for child in children[pid]]
        found.update(dict.fromkeys(level, depth))
    return found


def who(call, pid):
    if pid == call.caller.pid:
        return "your own process (the caller)"
    return f"process {pid} (level {levels(call).get(pid, '?')})"


def shape_problem(call):
    """Exactly `fanout` children for every process above level `depth`, none below."""
    if not call.returned:
        return call.problem()
    depth, fanout = call.call.args
    children = children_of(call)
    level = [call.caller.pid]
    for below in range(1, depth + 2):
        expected = fanout if below <= depth else 0
        for pid in level:
            count = len(children[pid])
            if count != expected:
                return shape_message(call, pid, count, expected)
        level = [child.pid for pid in level for child in children[pid]]
    return None


def shape_message(call, pid, count, expected):
    depth, fanout = call.call.args
    said = f"{call.call.describe()}: {who(call, pid)} created {count} process"
    said += "es" if count != 1 else ""
    if pid == call.caller.pid and count > expected > 0:
        return (
            f"{said}; expected {expected}: the caller creates only level 1, and each "
            "process there creates its own children, and so on down"
        )
    if expected == 0:
        return f"{said}; expected none: the tree is {depth} level(s) deep"
    return (
        f"{said}; expected {expected} (fanout): each process above level {depth} "
        f"has {fanout} children"
    )


def waits_problem(call):
    """No process left by its parent: neither orphaned, nor unreaped, nor there at the return."""
    if not call.returned:
        return call.problem()
    own = {p.pid: p for p in call.own_processes}
    for process, state in call.leftovers():
        how = "still running" if state != "Z" else "a zombie (ended, never reaped)"
        return (
            f"{call.call.describe()} returned while {who(call, process.pid)} was {how}: "
            "wait for (join) every child before returning"
        )
    for process in call.own_processes:
        if not process.orphaned:
            continue
        parent = own.get(process.ppid)
        ended_first = parent is not None and process.end is not None and parent.end is not None
        if ended_first and process.end < parent.end:
            how = "ended before it, but its parent exited without waiting for it (never reaped it)"
        else:
            how = "was still running when its parent exited without waiting for it"
        return (
            f"{call.call.describe()}: {who(call, process.pid)} {how}; a parent must wait for "
            "(join) every child before it exits"
        )
    return None


def reports_problem(call):
    """The returned dict is {pid: parent pid} of exactly the processes the kernel saw."""
    if not call.returned:
        return call.problem()
    seen = {p.pid: p.ppid for p in call.own_processes}
    value = call.value
    said = f"{call.call.describe()} returned"
    if not isinstance(value, dict):
        return f"{said} {type(value).__name__} {value!r:.80}; expected a dict {{pid: parent pid}}"
    if call.caller.pid in value:
        return f"{said} an entry for your own process (the caller): only created processes count"
    strangers = [pid for pid in value if pid not in seen]
    if strangers:
        return f"{said} {strangers[0]!r} as a pid, but no process of the call had that pid"
    missing = [pid for pid in seen if pid not in value]
    if missing:
        return f"{said} no entry for {who(call, missing[0])}, whose parent was {seen[missing[0]]}"
    for pid, parent in value.items():
        if parent != seen[pid]:
            return (
                f"{said} {parent!r} as the parent of {who(call, pid)}; the kernel saw it "
                f"created by {seen[pid]}: report os.getppid() from inside each process"
            )
    return None


@check("every process has fanout children, depth levels deep", points=4)
def tree_shape(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, shape_problem, "every process had exactly fanout children")


@check("every parent waits for its children", points=3)
def parents_wait(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, waits_problem, "every child was waited for by its own parent")


@check("returns the tree the kernel saw", points=2)
def reports_tree(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, reports_problem, "the dict matched the kernel's record")


@check("works for a deeper tree and for depth 0", points=1, hidden=True)
def other_sizes(run):
    calls = (run.calls[call_id] for call_id in HIDDEN)
    return hidden_result(calls, shape_problem, waits_problem, reports_problem)
