"""Checks of observe-states: a child seen running, blocked and a zombie, then reaped.

Judged on kernel facts: the processes the call created, which of them were
still there (running, or zombies nobody reaped) as the call returned, and
every time a process of the call opened /proc/<pid>/stat, with the state the
kernel showed for <pid> at that moment, both recorded by the sandbox's
supervisor. The returned list is the student's own report.

The supervisor samples the state when the file is opened, not when it is
read: the opener stops for the supervisor, and meanwhile the child may run on
(wake from a pause, block, exit). On one CPU that happens often, so a sample
may show S where the student's read a moment later shows R. The samples are
therefore not compared with the returned states; what they must show is that
the child's stat file was opened once per phase at least. (A submission that
opens the file three times and then returns a list it wrote down is not
caught: that needs the content of each read, not the open.)
"""

from grader.checks import Call, check, first_problem, hidden_result

# Have the sandbox record every open of /proc/<pid>/stat, with the state it showed.
WATCH_PROC_READS = True
CALLS = [
    Call("first", "observe_states", (), timeout=10),
    # hidden: the same again, for a solution that is right only sometimes
    Call("again", "observe_states", (), timeout=10),
]
VISIBLE = ("first",)
HIDDEN = ("again",)
EXPECTED = ["R", "S", "Z"]


def children_problem(call):
    if not call.returned:
        return call.problem()
    if not call.own_processes:
        return (
            f"{call.call.describe()} created no process: start a child, and watch it go "
            "through its phases"
        )
    for process, state in call.leftovers():
        how = "a zombie (ended, never reaped)" if state == "Z" else "still running"
        return (
            f"{call.call.describe()} returned while your child {process.pid} was {how}: "
            "reap it (join() or os.waitpid()) after you have seen it as Z"
        )
    return None


def looks_problem(call):
    """At least three opens of a child's stat file: one per phase."""
    found = children_problem(call)
    if found:
        return found
    children = {p.pid for p in call.own_processes}
    looks = [read for read in call.proc_reads if read.target in children]
    if not looks:
        others = sorted({read.target for read in call.proc_reads})
        read_other = f" (it read /proc/{others[0]}/stat, not the child's)" if others else ""
        return (
            f"{call.call.describe()} never opened /proc/<pid>/stat of the child{read_other}: "
            "read the child's state in each phase, do not write it down"
        )
    if len(looks) < len(EXPECTED):
        return (
            f"{call.call.describe()} opened /proc/{looks[0].target}/stat {len(looks)} time(s); "
            "expected at least once in each of the three phases"
        )
    return None


def states_problem(call):
    found = children_problem(call)
    if found:
        return found
    if call.value != EXPECTED:
        return (
            f"{call.call.describe()} returned {call.value!r:.80}; expected {EXPECTED!r}: "
            "R while the child computes, S while it is blocked on the pipe, Z once it has "
            "exited and before you reap it. A state is what the child does when you "
            "look: look again until it has got there"
        )
    return None


@check("starts a child and reaps it", points=3)
def child_reaped(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, children_problem, "a child was created and reaped")


@check("reads the child's state from /proc in each phase", points=3)
def reads_proc(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, looks_problem, "the child's stat file was read in each phase")


@check('returns ["R", "S", "Z"]', points=3)
def returns_states(run):
    calls = (run.calls[call_id] for call_id in VISIBLE)
    return first_problem(calls, states_problem, "the three states came back in order")


@check("does it again", points=1, hidden=True)
def again(run):
    calls = (run.calls[call_id] for call_id in HIDDEN)
    return hidden_result(calls, states_problem, looks_problem)
