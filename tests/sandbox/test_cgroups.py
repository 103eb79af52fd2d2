"""Per-job cgroups: limits hit for real (v1 here), cleanup always, stale sweeps.

cgroup v2 is not available on this machine: its file writes are checked
against a fake directory tree (the only stand-in in these tests).
"""

import os
import shutil
import signal
import subprocess
import time

import pytest

from sandbox import Limits, cgroups, sweep_stale
from sandbox.cgroups import JobCgroupV2, parse_mountinfo, v2_hierarchy
from sandbox.errors import SandboxUnavailable

from .helpers import host_processes_of_uid, our_job_cgroups, run_code

MiB = 2**20


@pytest.fixture
def clean(sandbox_ready, dedicated_uid):
    """After the test: no job cgroup of ours in any hierarchy, no job process alive."""
    yield
    assert our_job_cgroups() == []
    if os.geteuid() == 0:
        assert host_processes_of_uid(dedicated_uid) == []


def test_memory_bomb_is_oom_killed(clean):
    obs = run_code(
        """
        chunks = []
        while True:
            chunks.append(b"x" * (8 * 2**20))
        """,
        memory_bytes=64 * MiB,
    )
    assert (obs.signal, obs.end_reason, obs.limit_hits) == (9, "killed", ("memory",))
    assert obs.peak_memory_bytes <= 64 * MiB


def test_memory_bomb_split_across_children(clean):
    obs = run_code(
        """
        import os
        children = []
        for _ in range(4):
            pid = os.fork()
            if pid == 0:
                chunks = [b"x" * (4 * 2**20) for _ in range(10)]   # 40 MiB each
                os._exit(0)
            children.append(pid)
        for pid in children:
            print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
        """,
        memory_bytes=80 * MiB,
    )
    # Every child alone fits; together they do not: the kernel kills some.
    codes = [int(line) for line in obs.stdout.split()]
    assert len(codes) == 4 and -9 in codes, obs.stderr
    assert obs.exit_code == 0 and obs.end_reason == "exited"
    assert obs.limit_hits == ("memory",)
    assert sum(1 for p in obs.children_of(obs.main_pid) if p.signal == 9) == codes.count(-9)


def test_pids_limit_hit_is_reported(clean):
    obs = run_code(
        """
        import os, time
        failures = 0
        for _ in range(12):
            try:
                if os.fork() == 0:
                    time.sleep(30)
            except OSError:
                failures += 1
        print(failures)
        """,
        max_processes=6,
    )
    # Six tasks: main and five children.
    assert obs.stdout == b"7\n", obs.stderr
    assert obs.limit_hits == ("processes",) and obs.end_reason == "exited"
    assert len(obs.processes) == 6 and len(obs.leftovers) == 5


def test_threads_count_against_the_pids_limit(clean):
    obs = run_code(
        """
        import threading, time
        started = 0
        try:
            for _ in range(10):
                threading.Thread(target=time.sleep, args=(1,), daemon=True).start()
                started += 1
        except RuntimeError:
            pass
        print(started)
        """,
        max_processes=4,
    )
    assert obs.stdout == b"3\n", obs.stderr
    assert "processes" in obs.limit_hits


def test_cpu_spin_in_a_child_is_a_cpu_time_hit(clean):
    obs = run_code(
        """
        import os
        pid = os.fork()
        if pid == 0:
            while True:
                pass
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
        """,
        cpu_seconds=1,
    )
    assert obs.stdout == b"-24\n"  # SIGXCPU
    assert obs.limit_hits == ("cpu_time",) and obs.end_reason == "exited"


def test_cpu_quota_throttles_the_job(clean):
    obs = run_code(
        """
        import time
        end = time.monotonic() + 0.8
        while time.monotonic() < end:
            pass
        print(round(time.process_time(), 2))
        """,
        cpu_quota=0.25,
    )
    # 0.8 s of wall at a quarter of a CPU: about 0.2 s of CPU (not 0.8).
    assert float(obs.stdout) < 0.45, obs.stdout
    assert obs.limit_hits == ()


@pytest.mark.parametrize(
    ("code", "limits", "end_reason"),
    [
        # A file over RLIMIT_FSIZE: SIGXFSZ kills the writer...
        (
            "import os\nos.write(os.open('big', os.O_WRONLY | os.O_CREAT), b'x' * 2**21)\n"
            "import signal\nsignal.signal(signal.SIGXFSZ, signal.SIG_DFL)\n"
            "os.write(os.open('big', os.O_WRONLY | os.O_APPEND), b'x')\n",
            {"file_bytes": MiB},
            "killed",
        ),
        # ... except that Python ignores SIGXFSZ: EFBIG, and the file is at the limit.
        ("open('big', 'wb').write(b'x' * 2**21)\n", {"file_bytes": MiB}, "exited"),
        # The scratch tmpfs full: ENOSPC, and /tmp is found full at the end.
        (
            "try:\n    open('big', 'wb').write(b'x' * 2**22)\nexcept OSError as e:\n"
            "    print(e.errno)\n",
            {"scratch_bytes": 2 * MiB},
            "exited",
        ),
    ],
    ids=["sigxfsz", "efbig", "scratch-full"],
)
def test_disk_hits(clean, code, limits, end_reason):
    obs = run_code(code, **limits)
    assert obs.limit_hits == ("disk",) and obs.end_reason == end_reason, obs
    if end_reason == "killed":
        assert obs.signal == signal.SIGXFSZ


def test_output_and_wall_hits(clean):
    obs = run_code(
        "print('x' * 100)\nimport time\ntime.sleep(5)\n", output_bytes=10, wall_seconds=1
    )
    assert obs.limit_hits == ("wall_time", "output") and obs.end_reason == "timeout"


def test_accounting_is_read_back(clean):
    obs = run_code("x = b'x' * (40 * 2**20)\nsum(range(3 * 10**6))\n")
    assert obs.peak_memory_bytes > 40 * MiB
    assert obs.cgroup_cpu_seconds >= obs.main.cpu_seconds > 0
    assert obs.limit_hits == () and obs.warnings == ()


def test_bwrap_supervisor_and_job_are_all_in_the_cgroup(clean):
    # The cgroup namespace was made by bwrap before the move: paths are relative.
    obs = run_code(
        """
        import os
        if os.fork() == 0:
            os._exit(0)
        for pid in ("1", "self"):
            print(open(f"/proc/{pid}/cgroup").read())
        """
    )
    lines = obs.stdout.decode().split()
    names = {line.rsplit("/", 1)[-1] for line in lines if ":pids:" in line or ":memory:" in line}
    assert len(names) == 1 and names.pop().startswith(f"job-{os.getpid()}-"), lines


def test_cgroup_removed_after_a_timeout(clean):
    obs = run_code("import os, time\nos.fork()\ntime.sleep(30)\n", wall_seconds=0.5)
    assert obs.timed_out


class _Interrupt(Exception):
    pass


def test_cgroup_removed_after_an_exception_inside_run(clean):
    def interrupt(signum, frame):
        raise _Interrupt

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.5)
    start = time.monotonic()
    try:
        with pytest.raises(_Interrupt):
            run_code("import os, time\nos.fork()\ntime.sleep(30)\n", wall_seconds=20)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert time.monotonic() - start < 3


def test_sweep_stale_removes_job_cgroups_of_dead_workers(clean):
    dead = subprocess.Popen(["true"])
    dead.wait()
    hier = cgroups.hierarchy()
    stale = hier.create(Limits(), name=f"job-{dead.pid}-0123456789ab")
    alive = hier.create(Limits(), name=f"job-{os.getpid()}-ba9876543210")
    procs = stale.procs_files

    def join():
        for path in procs:
            fd = os.open(path, os.O_WRONLY)
            os.write(fd, b"0")
            os.close(fd)

    inside = subprocess.Popen(["sleep", "60"], preexec_fn=join)
    try:
        assert inside.pid in stale.pids()
        removed = sweep_stale()
        assert stale.name in removed and alive.name not in removed
        assert inside.wait(timeout=5) == -9
        assert not any(os.path.exists(d) for d in stale.dirs.values())
        assert all(os.path.isdir(d) for d in alive.dirs.values())
    finally:
        inside.kill()
        inside.wait()
        assert alive.destroy() == []


def test_cgroups_unavailable_is_an_error_not_a_silent_skip(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpu io\n")
    with pytest.raises(SandboxUnavailable, match="memory, pids"):
        v2_hierarchy(str(tmp_path), "/worker")


# -- cgroup v2, against a fake tree -------------------------------------------


class FakeV2(JobCgroupV2):
    """In a plain directory, a cgroup's interface files do not vanish with it."""

    def _remove(self, directory):
        shutil.rmtree(directory)


def fake_v2_tree(root):
    (root / "cgroup.controllers").write_text("cpuset cpu io memory hugetlb pids rdma misc\n")
    (root / "cgroup.subtree_control").write_text("")
    slice_ = root / "worker.slice"
    (slice_ / "worker").mkdir(parents=True)
    (slice_ / "cgroup.subtree_control").write_text("memory\n")
    (slice_ / "proctor").mkdir()
    (slice_ / "proctor" / "memory.swap.max").write_text("max\n")
    return slice_


def test_v2_parent_controllers_and_limits(tmp_path):
    slice_ = fake_v2_tree(tmp_path)
    hier = v2_hierarchy(str(tmp_path), "/worker.slice/worker")
    assert hier.parents == {"unified": str(slice_ / "proctor")}
    # The no-internal-processes rule: the controllers are enabled in the parent's
    # parent (which holds no process) and in the parent, never in a leaf.
    assert (slice_ / "cgroup.subtree_control").read_text() == "+pids +cpu"
    assert (slice_ / "proctor" / "cgroup.subtree_control").read_text() == "+pids +memory +cpu"
    hier = cgroups.Hierarchy(2, hier.parents)
    job = hier.create(Limits(max_processes=10, memory_bytes=100 * MiB, cpu_quota=1.5))
    assert job.version == 2 and job.name.startswith(f"job-{os.getpid()}-")
    files = {p.name: p.read_text() for p in (slice_ / "proctor" / job.name).iterdir()}
    assert files == {
        "pids.max": "12",  # + bwrap and the supervisor
        "memory.max": str(100 * MiB),
        "memory.swap.max": "0",
        "cpu.max": "150000 100000",
    }
    assert job.procs_files == (str(slice_ / "proctor" / job.name / "cgroup.procs"),)
    job.attach([123, 456])
    assert (slice_ / "proctor" / job.name / "cgroup.procs").read_text() == "456"  # one per write


def test_v2_parent_defaults_to_the_root_without_delegation(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpu memory pids\n")
    hier = v2_hierarchy(str(tmp_path), "/")
    assert hier.parents == {"unified": str(tmp_path / "proctor")}
    configured = v2_hierarchy(str(tmp_path), "/", "system.slice/proctor.service/jobs")
    assert configured.parents == {"unified": str(tmp_path / "system.slice/proctor.service/jobs")}


def test_v2_accounting_kill_and_removal(tmp_path):
    fake_v2_tree(tmp_path)
    parent = tmp_path / "worker.slice" / "proctor"
    job = FakeV2("job-1-00000000aa", {"unified": str(parent / "job-1-00000000aa")})
    os.mkdir(job.dir)
    d = parent / job.name
    (d / "cpu.stat").write_text("usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\n")
    (d / "memory.peak").write_text("73400320\n")
    (d / "memory.events").write_text("low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n")
    (d / "pids.events").write_text("max 3\n")
    assert job.stats() == cgroups.CgroupStats(1.5, 73400320, 1, 3)
    # Linux >= 5.14: one write to cgroup.kill.
    (d / "cgroup.kill").write_text("")
    job._kill_round(set())
    assert (d / "cgroup.kill").read_text() == "1"
    # Older kernels: freeze, SIGKILL each listed process, thaw.
    (d / "cgroup.kill").unlink()
    victim = subprocess.Popen(["sleep", "60"])
    (d / "cgroup.procs").write_text(f"{victim.pid}\n")
    job._kill_round({victim.pid})
    assert victim.wait(timeout=5) == -9
    assert (d / "cgroup.freeze").read_text() == "0"
    # Empty once cgroup.events says so; then removed.
    (d / "cgroup.procs").write_text("")
    (d / "cgroup.events").write_text("populated 0\nfrozen 0\n")
    assert job.destroy() == []
    assert not d.exists()


def test_mountinfo_detection():
    hybrid = (
        "30 23 0:26 / /sys/fs/cgroup ro,nosuid - tmpfs tmpfs ro,mode=755\n"
        "31 30 0:27 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
        "33 30 0:29 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
        "34 30 0:30 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n"
        "35 30 0:31 / /sys/fs/cgroup/pids rw - cgroup cgroup rw,pids\n"
    )
    unified, v1 = parse_mountinfo(hybrid)
    assert unified == "/sys/fs/cgroup/unified"
    assert v1["cpuacct"] == ("/sys/fs/cgroup/cpu,cpuacct", "/")
    assert set(v1) == {"memory", "cpu", "cpuacct", "pids"}
    pure = "29 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw,nsdelegate\n"
    assert parse_mountinfo(pure) == ("/sys/fs/cgroup", {})
    assert (
        cgroups.own_cgroup("0::/system.slice/proctor.service\n") == "/system.slice/proctor.service"
    )
