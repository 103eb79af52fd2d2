"""The explicit insecure mode (no isolation), and the worker's self-test."""

import os
import subprocess
import time

import pytest

from sandbox import Isolation, self_test

from .helpers import host_processes_with, new_marker, our_job_cgroups, run_code


@pytest.fixture
def marker():
    marker = new_marker()
    yield marker
    assert host_processes_with(marker) == []


def test_insecure_mode_runs_records_and_says_so(marker):
    obs = run_code(
        """
        import multiprocessing as mp, os, sys
        def square(x):
            return x * x
        if __name__ == "__main__":
            with mp.get_context("fork").Pool(2) as pool:
                print(sum(pool.map(square, range(10))))
            print(os.getcwd() == os.environ["HOME"], os.path.isfile(sys.argv[2] + "/main.py"))
        """,
        marker,
        "/job",
        isolation="none",
    )
    assert obs.stdout == b"285\nTrue True\n", obs.stderr
    assert obs.sandboxed is False
    assert any("INSECURE MODE" in w for w in obs.warnings)
    assert len(obs.children_of(obs.main_pid)) == 2
    assert obs.cgroup_cpu_seconds is None and obs.forbidden == ()
    assert our_job_cgroups() == []


def test_insecure_mode_reaps_orphans_and_kills_only_its_own(marker):
    bystander = subprocess.Popen(["sleep", "30"])  # same uid as the job: must survive
    try:
        obs = run_code(
            """
            import os, sys, time
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(60)      # a daemon: orphaned, re-parented to the supervisor
                os._exit(0)
            time.sleep(0.3)
            print("main exits")
            """,
            marker,
            isolation="none",
        )
        assert obs.stdout == b"main exits\n", obs.stderr
        middle = obs.children_of(obs.main_pid)[0]
        (daemon,) = obs.children_of(middle.pid)
        assert obs.leftovers == (daemon.pid,) and daemon.signal == 9
        final = obs.snapshots[-1]
        supervisor = obs.main.ppid
        assert final.reason == "main_exited"
        # Re-parented to the supervisor (a child subreaper), not to the host's init.
        assert (daemon.pid, supervisor, "S") in final.processes
        assert {p[1] for p in final.processes} == {supervisor}
        assert bystander.poll() is None
    finally:
        bystander.kill()
        bystander.wait()


def test_insecure_mode_timeout_kills_the_tree(marker):
    start = time.monotonic()
    obs = run_code(
        "import os, time\nfor _ in range(3):\n    os.fork()\ntime.sleep(60)\n",
        marker,
        isolation="none",
        wall_seconds=0.5,
    )
    assert obs.timed_out and len(obs.processes) == 8
    assert time.monotonic() - start < 3


def test_isolation_values_are_explicit():
    assert Isolation.of("none") == Isolation(mode="none", cgroups=False, seccomp=False)
    assert Isolation.of("bwrap") == Isolation()
    with pytest.raises(ValueError):
        Isolation.of("off")
    with pytest.raises(ValueError):
        Isolation.of(None)


@pytest.mark.usefixtures("sandbox_ready")
def test_self_test_passes_here_and_is_fast():
    start = time.monotonic()
    assert self_test() == []
    assert time.monotonic() - start < 1.0
    assert not [name for name in os.listdir("/") if name.startswith("proctor-selftest")]
