"""A simple job, its environment, and what it can (not) reach."""

import json
import os
import sys

import pytest

from sandbox import Isolation, Job, Limits, SandboxUnavailable, check_available, run

from .helpers import run_code

pytestmark = pytest.mark.usefixtures("sandbox_ready")


def test_simple_job_stdout_stderr_and_exit_code():
    obs = run_code(
        """
        import sys
        print("hello")
        print("oops", file=sys.stderr)
        sys.exit(4)
        """
    )
    assert obs.stdout == b"hello\n"
    assert obs.stderr == b"oops\n"
    assert (obs.exit_code, obs.signal, obs.end_reason, obs.timed_out) == (4, None, "exited", False)
    assert obs.main is not None and obs.main.pid == obs.main_pid
    assert obs.warnings == ()


def test_python3_is_the_host_interpreter_and_job_files_are_importable():
    obs = run_code(
        """
        import sys, helper
        print(sys.version)
        print(helper.VALUE)
        """,
        files={"helper.py": b"VALUE = 42\n"},
    )
    assert obs.stdout.decode() == f"{sys.version}\n42\n", obs.stderr


def test_missing_command_is_exit_127_not_an_exception():
    obs = run(Job(files={}, argv=("no-such-command-xyz",)), Limits())
    assert obs.exit_code == 127
    assert b"no-such-command-xyz" in obs.stderr


def test_environment_is_minimal_and_host_env_does_not_leak(monkeypatch):
    monkeypatch.setenv("PROCTOR_CANARY_SECRET", "canary-3f1d")
    obs = run_code(
        """
        import glob, json, os
        environs = []
        for path in glob.glob("/proc/[0-9]*/environ"):
            try:
                environs.append(open(path, "rb").read().decode(errors="replace"))
            except OSError:
                pass
        print(json.dumps({"env": dict(os.environ), "environs": environs}))
        """,
        env={"EXTRA": "yes"},
    )
    data = json.loads(obs.stdout)
    assert set(data["env"]) == {
        "PATH",
        "HOME",
        "LANG",
        "PYTHONDONTWRITEBYTECODE",
        "PYTHONUNBUFFERED",
        "PYTHONPATH",
        "PROCTOR_RESULT_FD",
        "EXTRA",
    }
    assert data["env"]["HOME"] == "/tmp" and data["env"]["PYTHONPATH"] == "/job"
    assert data["environs"], "the job should at least see its own environ"
    assert not any("canary-3f1d" in env for env in data["environs"])


def test_no_network():
    # 6379 is a real Redis on the host, so a connection would mean no isolation.
    # The seccomp filter refuses non-AF_UNIX sockets; the empty network
    # namespace would stop them anyway (checked with the filter off).
    code = """
        import socket
        for addr in [("127.0.0.1", 6379), ("10.0.0.1", 80)]:
            try:
                s = socket.socket()
                s.settimeout(2)
                s.connect(addr)
                print("connected", addr)
            except OSError as exc:
                print("failed", exc.errno)
        """
    obs = run_code(code)
    assert obs.stdout == b"failed 97\n" * 2, obs.stdout + obs.stderr  # EAFNOSUPPORT
    unfiltered = run_code(code, isolation=Isolation(seccomp=False))
    assert unfiltered.stdout.count(b"failed") == 2, unfiltered.stdout + unfiltered.stderr
    assert b"connected" not in unfiltered.stdout


def test_host_secrets_are_not_visible():
    obs = run_code(
        """
        import json, os
        out = {}
        for path in ["/etc/shadow", "/etc/hostname", "/home", "/root"]:
            out[path] = os.path.exists(path)
        out["root_entries"] = os.listdir("/root") if os.path.isdir("/root") else []
        out["etc"] = sorted(os.listdir("/etc"))
        print(json.dumps(out))
        """
    )
    data = json.loads(obs.stdout)
    assert data["/etc/shadow"] is False and data["/etc/hostname"] is False
    assert data["/home"] is False
    assert set(data["etc"]) <= {
        "ld.so.cache",
        "ld.so.conf",
        "ld.so.conf.d",
        "localtime",
        "passwd",
        "group",
    }
    # /root exists inside only if the interpreter lives under it; then it holds
    # that path and nothing else of the host's home.
    prefix_top = os.path.realpath(sys.base_prefix).split("/")
    if prefix_top[1] == "root":
        assert data["root_entries"] == [prefix_top[2]]
    else:
        assert data["/root"] is False


def test_identity_hostname_and_pid_one():
    obs = run_code(
        """
        import os, pwd, socket
        print(os.getuid(), os.getgid(), pwd.getpwuid(os.getuid()).pw_name, socket.gethostname())
        print(os.getcwd(), os.getppid())
        try:
            os.kill(1, 9)
            print("kill 1: sent")
        except OSError as exc:
            print("kill 1:", type(exc).__name__)
        try:
            os.listdir("/proc/1/fd")
        except OSError as exc:
            print("fd 1:", type(exc).__name__)
        """
    )
    lines = obs.stdout.decode().splitlines()
    assert lines[0] == "1000 1000 student sandbox"
    assert lines[1] == "/tmp 1"
    # Signals from inside the namespace cannot kill its pid 1 (the supervisor):
    # it stays alive and reports to the end (a dead supervisor would leave a warning).
    assert lines[2] in ("kill 1: PermissionError", "kill 1: sent")
    assert lines[3] == "fd 1: PermissionError"
    assert obs.exit_code == 0 and obs.warnings == ()
    assert [s.reason for s in obs.snapshots] == ["main_exiting", "main_exited"]


def test_job_files_are_read_only_and_scratch_is_writable():
    obs = run_code(
        """
        import os
        for path in ["/job/main.py", "/job/new.py", "/usr/evil"]:
            try:
                open(path, "a").close()
                print("wrote", path)
            except OSError as exc:
                print("refused", path, type(exc).__name__)
        with open("/tmp/scratch.txt", "w") as f:
            f.write("ok")
        with open("scratch2.txt", "w") as f:  # cwd is the scratch too
            f.write("ok")
        print(sorted(os.listdir("/tmp")))
        """
    )
    out = obs.stdout.decode()
    assert "wrote" not in out.replace("wrote /tmp", ""), out
    assert out.count("refused") == 3
    assert "['scratch.txt', 'scratch2.txt']" in out


def test_scratch_size_is_capped():
    obs = run_code(
        """
        try:
            with open("/tmp/big", "wb") as f:
                for _ in range(64):
                    f.write(b"x" * 2**20)
            print("wrote 64 MiB")
        except OSError as exc:
            print("full", exc.errno)
        """,
        scratch_bytes=4 * 2**20,
    )
    assert obs.stdout.startswith(b"full"), obs.stdout + obs.stderr


def test_result_channel_round_trip():
    obs = run_code(
        """
        import json, os
        fd = int(os.environ["PROCTOR_RESULT_FD"])
        with os.fdopen(fd, "w") as channel:
            json.dump({"passed": 3, "failed": 1}, channel)
        """
    )
    assert json.loads(obs.result) == {"passed": 3, "failed": 1}
    assert obs.result_truncated is False


def test_memory_limit_is_the_jobs_cgroup():
    # Untouched memory is not memory: a 700 MiB mapping under a 256 MiB limit
    # is fine (no RLIMIT_AS with a cgroup); touching that much is not.
    obs = run_code(
        """
        import mmap
        x = mmap.mmap(-1, 700 * 2**20)
        print("allocated", flush=True)
        y = b"y" * (300 * 2**20)
        print("never")
        """,
        memory_bytes=256 * 2**20,
    )
    assert obs.stdout == b"allocated\n", obs.stderr
    assert obs.signal == 9 and obs.end_reason == "killed"
    assert obs.limit_hits == ("memory",)
    assert 200 * 2**20 < obs.peak_memory_bytes <= 256 * 2**20


def test_cpu_limit_kills_with_sigxcpu():
    # A generous wall: on a loaded machine one CPU second can take several wall seconds.
    obs = run_code("while True: pass\n", cpu_seconds=1, wall_seconds=20)
    assert obs.signal == 24  # SIGXCPU
    assert obs.end_reason == "killed" and not obs.timed_out
    assert obs.limit_hits == ("cpu_time",)
    # The cgroup counts from the moment the job joined it, just after it started.
    assert obs.cgroup_cpu_seconds >= 0.5


def test_observations_serialise(tmp_path):
    obs = run_code("print('x')\n")
    assert type(obs).from_dict(json.loads(json.dumps(obs.to_dict()))) == obs


def test_check_available_passes_here():
    check_available()


def test_check_available_explains_missing_bwrap(monkeypatch):
    monkeypatch.setenv("SANDBOX_BWRAP", "/nonexistent/bwrap")
    with pytest.raises(SandboxUnavailable, match="apt-get install bubblewrap"):
        check_available()
