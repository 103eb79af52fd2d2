"""Process records and snapshots: what the grader sees of a job's processes."""

import itertools

import pytest

from .helpers import by_pid, run_code

pytestmark = pytest.mark.usefixtures("sandbox_ready")

CHILDREN = """
import multiprocessing as mp, os, signal, sys, time

def spin():
    start = time.process_time()
    while time.process_time() - start < 0.3:
        pass

def exit3():
    sys.exit(3)

def suicide():
    os.kill(os.getpid(), signal.SIGKILL)

if __name__ == "__main__":
    ctx = mp.get_context(sys.argv[1])
    for target in (spin, exit3, suicide):
        p = ctx.Process(target=target)
        p.start()
        p.join()
        print(target.__name__, p.pid, p.exitcode, flush=True)
"""


def _children_reported(obs):
    """{function name: pid} from the job's own output."""
    lines = [line.split() for line in obs.stdout.decode().splitlines()]
    return {name: (int(pid), int(code)) for name, pid, code in lines}


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_multiprocessing_contexts(method):
    obs = run_code(CHILDREN, method)
    assert obs.exit_code == 0, obs.stderr
    reported = _children_reported(obs)
    assert reported["exit3"][1] == 3 and reported["suicide"][1] == -9
    procs = by_pid(obs)
    main = obs.main
    # With forkserver the workers are children of the fork server, itself a
    # child of main; otherwise children of main directly.
    parent = main.pid
    if method == "forkserver":
        parents = {procs[pid].ppid for pid, _ in reported.values()}
        assert len(parents) == 1
        parent = parents.pop()
        assert procs[parent].ppid == main.pid  # the fork server
    spin, exit3, suicide = (procs[reported[name][0]] for name in ("spin", "exit3", "suicide"))
    for record in (spin, exit3, suicide):
        assert record.ppid == parent
        assert main.start <= record.start < record.end <= main.end
    assert (spin.exit_code, spin.signal) == (0, None)
    assert spin.cpu_seconds > 0.2
    assert (exit3.exit_code, exit3.signal) == (3, None)
    assert (suicide.exit_code, suicide.signal) == (None, 9)
    assert spin.end <= exit3.start and exit3.end <= suicide.start  # joined one by one
    if method == "spawn":  # spawn execs a fresh interpreter: the exec is recorded
        assert "multiprocessing.spawn" in spin.cmdline and spin.comm == obs.main.comm


def test_pool_of_four_and_threads():
    obs = run_code(
        """
        import multiprocessing as mp
        def square(x):
            return x * x
        if __name__ == "__main__":
            with mp.get_context("fork").Pool(4) as pool:
                print(sum(pool.map(square, range(100))))
        """
    )
    assert obs.stdout == b"328350\n", obs.stderr
    workers = obs.children_of(obs.main_pid)
    assert len(workers) == 4
    assert all(w.end is not None and w.end <= obs.main.end for w in workers)
    assert obs.main.threads >= 3  # Pool's handler threads: counted, not recorded as processes
    assert len(obs.processes) == 5


def test_os_fork_records_ppid_exit_code_and_timing():
    obs = run_code(
        """
        import os, time
        pids = []
        for code in (0, 1, 2):
            pid = os.fork()
            if pid == 0:
                if code == 2:
                    grandchild = os.fork()
                    if grandchild == 0:
                        os._exit(42)
                    os.waitpid(grandchild, 0)
                time.sleep(0.05)
                os._exit(code)
            pids.append(pid)
        for pid in pids:
            os.waitpid(pid, 0)
        print(*pids)
        """
    )
    pids = [int(p) for p in obs.stdout.split()]
    procs = by_pid(obs)
    assert [procs[p].exit_code for p in pids] == [0, 1, 2]
    assert all(procs[p].ppid == obs.main_pid for p in pids)
    grandchild = obs.children_of(pids[2])
    assert [(g.exit_code, g.ppid) for g in grandchild] == [(42, pids[2])]
    assert procs[pids[0]].start < procs[pids[1]].start < procs[pids[2]].start
    assert grandchild[0].start > procs[pids[2]].start
    assert obs.main.start < min(r.start for r in obs.processes if r.pid != obs.main_pid)


def test_snapshots_show_unreaped_zombies():
    obs = run_code(
        """
        import os, time
        child = os.fork()
        if child == 0:
            grandchild = os.fork()
            if grandchild == 0:
                os._exit(0)
            time.sleep(0.3)   # never waits for grandchild: a zombie at our exit
            os._exit(0)
        lazy = os.fork()
        if lazy == 0:
            os._exit(5)
        os.waitpid(child, 0)
        time.sleep(0.2)       # never waits for `lazy`: a zombie at main's exit
        print(child, lazy)
        """
    )
    child, lazy = (int(p) for p in obs.stdout.split())
    grandchild = obs.children_of(child)[0].pid
    reasons = [(s.reason, s.trigger_pid) for s in obs.snapshots]
    assert ("child_exiting", child) in reasons and ("main_exiting", obs.main_pid) in reasons
    at_child_exit = next(s for s in obs.snapshots if s.trigger_pid == child)
    assert (grandchild, child, "Z") in at_child_exit.processes
    at_main_exit = next(s for s in obs.snapshots if s.reason == "main_exiting")
    assert (lazy, obs.main_pid, "Z") in at_main_exit.processes
    assert obs.snapshots[-1].reason == "main_exited"
    assert obs.leftovers == ()  # zombies are dead: nothing was still running


def test_a_child_started_after_waiting_for_another_is_recorded_as_starting_after_its_end():
    # A process's end is when it began to exit, before its parent could wait for it:
    # so one started after that wait never seems to overlap it, whatever the load.
    obs = run_code(
        """
        import os, signal
        spinners = []
        for _ in range(4):  # keep the CPUs busy: the supervisor falls behind
            pid = os.fork()
            if pid == 0:
                while True:
                    pass
            spinners.append(pid)
        pids = []
        for _ in range(100):
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            os.waitpid(pid, 0)
            pids.append(pid)
        for pid in spinners:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        print(*pids)
        """
    )
    procs = by_pid(obs)
    chain = [procs[int(pid)] for pid in obs.stdout.split()]
    assert len(chain) == 100
    for before, after in itertools.pairwise(chain):
        assert before.end < after.start, (before, after)


def test_a_child_its_parent_did_not_wait_for_is_recorded_as_orphaned():
    obs = run_code(
        """
        import os, time
        waited = os.fork()
        if waited == 0:
            os._exit(0)
        os.waitpid(waited, 0)
        middle = os.fork()
        if middle == 0:
            orphan = os.fork()
            if orphan == 0:
                time.sleep(0.3)  # outlives its parent
                os._exit(0)
            print(orphan, flush=True)
            os._exit(0)          # never waits for it
        os.waitpid(middle, 0)
        lazy = os.fork()
        if lazy == 0:
            zombie = os.fork()
            if zombie == 0:
                os._exit(0)
            time.sleep(0.2)      # the child has ended: a zombie nobody reaps
            print(zombie, flush=True)
            os._exit(0)
        os.waitpid(lazy, 0)
        time.sleep(0.6)
        print(waited, middle, lazy, flush=True)
        """
    )
    orphan, zombie, waited, middle, lazy = (int(p) for p in obs.stdout.split())
    procs = by_pid(obs)
    assert procs[orphan].ppid == middle  # the parent that created it, not the adopter
    assert procs[orphan].orphaned
    assert procs[zombie].orphaned and procs[zombie].end < procs[lazy].end
    assert not any(procs[p].orphaned for p in (waited, middle, lazy))
    assert not obs.main.orphaned


def test_processes_alive_at_main_exit_are_leftovers_and_killed():
    obs = run_code(
        """
        import os, time
        if os.fork() == 0:
            time.sleep(60)
        print("main done")
        """
    )
    assert obs.stdout == b"main done\n" and obs.exit_code == 0
    (sleeper,) = obs.children_of(obs.main_pid)
    assert obs.leftovers == (sleeper.pid,)
    assert sleeper.signal == 9 and sleeper.end >= obs.main.end
    final = obs.snapshots[-1]
    assert final.reason == "main_exited" and final.processes[0][:2] == (sleeper.pid, 1)
    assert obs.wall_seconds < 5


def test_stopped_and_continued_child():
    obs = run_code(
        """
        import os, signal
        pid = os.fork()
        if pid == 0:
            os.kill(os.getpid(), signal.SIGSTOP)
            os._exit(7)
        _, status = os.waitpid(pid, os.WUNTRACED)
        print("stopped", os.WIFSTOPPED(status))
        os.kill(pid, signal.SIGCONT)
        _, status = os.waitpid(pid, 0)
        print("exit", os.waitstatus_to_exitcode(status))
        """
    )
    assert obs.stdout == b"stopped True\nexit 7\n", obs.stderr
