"""Runaway jobs: time limits, floods, fork bombs, daemons. Nothing may survive run()."""

import os
import tempfile
import time

import pytest

from sandbox.launcher import staging_parent

from .helpers import host_processes_of_uid, host_processes_with, new_marker, run_code

pytestmark = pytest.mark.usefixtures("sandbox_ready")


@pytest.fixture
def nothing_left(dedicated_uid):
    """Run the test, then check that no process of it survives on the host."""
    marker = new_marker()
    yield marker
    assert host_processes_with(marker) == []
    if os.geteuid() == 0:  # as root, jobs run as the dedicated uid: it must own nothing
        assert host_processes_of_uid(dedicated_uid) == []


def timed(function, *args, **kwargs):
    start = time.monotonic()
    result = function(*args, **kwargs)
    return result, time.monotonic() - start


@pytest.mark.parametrize(
    "code",
    ["while True:\n    pass\n", "import time\ntime.sleep(60)\n"],
    ids=["busy", "sleeping"],
)
def test_wall_clock_timeout(code, nothing_left):
    obs, elapsed = timed(run_code, code, nothing_left, wall_seconds=1.5)
    assert obs.timed_out and obs.end_reason == "timeout"
    assert 1.5 <= elapsed < 2.5
    assert obs.exit_code is None and obs.main.end is None


def test_timeout_kills_the_whole_tree(nothing_left):
    obs = run_code(
        """
        import os, time
        for _ in range(3):
            if os.fork() == 0:
                os.setsid()
                break
        time.sleep(60)
        """,
        nothing_left,
        wall_seconds=1,
    )
    assert obs.timed_out
    assert len(obs.processes) >= 4


def test_output_flood_is_capped_and_returns_promptly(nothing_left):
    obs, elapsed = timed(
        run_code,
        """
        import os, sys
        chunk = b"y\\n" * 32768
        for _ in range(1500):          # ~100 MB on each stream
            os.write(1, chunk)
            os.write(2, chunk)
        """,
        nothing_left,
        output_bytes=4096,
    )
    assert obs.exit_code == 0 and not obs.timed_out
    assert obs.stdout == b"y\n" * 2048 and obs.stdout_truncated
    assert len(obs.stderr) == 4096 and obs.stderr_truncated
    assert elapsed < 8


def test_endless_flood_times_out(nothing_left):
    obs, elapsed = timed(
        run_code,
        "import sys\nwhile True:\n    sys.stdout.buffer.write(b'y\\n' * 65536)\n",
        nothing_left,
        wall_seconds=1,
    )
    assert obs.timed_out and obs.stdout_truncated
    assert len(obs.stdout) == 64 * 1024
    assert elapsed < 2


def test_fork_bomb_is_contained(nothing_left):
    obs = run_code(
        """
        import os, time
        main = os.getpid()
        failures = 0
        start = time.monotonic()
        while time.monotonic() - start < 1:
            try:
                os.fork()
            except OSError:
                failures += 1
                time.sleep(0.01)
        if os.getpid() != main:
            time.sleep(60)
        print("failures", failures > 0)
        """,
        nothing_left,
        max_processes=24,
        wall_seconds=5,
    )
    assert obs.stdout == b"failures True\n", obs.stderr
    assert obs.exit_code == 0 and not obs.timed_out
    assert len(obs.processes) <= 24
    assert len(obs.leftovers) == len(obs.processes) - 1


def test_double_fork_and_setsid_daemon_is_killed(nothing_left):
    obs = run_code(
        """
        import os, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                time.sleep(60)   # the daemon, orphaned to pid 1
            os._exit(0)
        time.sleep(0.3)
        print("main exits")
        """,
        nothing_left,
    )
    assert obs.stdout == b"main exits\n"
    middle = obs.children_of(obs.main_pid)[0]
    (daemon,) = obs.children_of(middle.pid)
    assert obs.leftovers == (daemon.pid,)
    assert daemon.signal == 9
    final = obs.snapshots[-1]
    assert (daemon.pid, 1) in [p[:2] for p in final.processes]  # re-parented to pid 1


def test_no_temporary_files_left_even_with_a_private_tmpdir(tmp_path, monkeypatch):
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", None)  # make tempfile re-read TMPDIR
    owner = (1, 1) if os.geteuid() == 0 else None
    staging = tempfile.mkdtemp(dir=staging_parent(owner))
    try:
        os.chmod(staging, 0o711)
        monkeypatch.setenv("SANDBOX_TMPDIR", staging)
        assert run_code("print(1)\n", files={"data/input.txt": b"x"}).stdout == b"1\n"
        assert os.listdir(staging) == []
        # Without SANDBOX_TMPDIR, the private TMPDIR is not usable by the
        # sandbox uid when we are root: another temp dir is picked, still cleaned.
        monkeypatch.delenv("SANDBOX_TMPDIR")
        assert run_code("print(2)\n").stdout == b"2\n"
        assert list(private.iterdir()) == []
    finally:
        os.rmdir(staging)
