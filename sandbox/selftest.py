"""Self-test: run a canary job that tries to get out, and report what it reached.

A worker runs it at start and refuses the grading queue unless it returns [].
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import secrets
import shutil
import socket
import tempfile
import textwrap

from .errors import SandboxError
from .job import Job
from .launcher import run
from .limits import Limits

CANARY = textwrap.dedent(
    """
    import json, os, socket, sys, time
    port, canary, canary_dir, name = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    out = {"read": {}, "wrote": []}
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(0.5)
        s.connect(("127.0.0.1", int(port)))
        s.sendall(b"canary")
        out["tcp"] = "connected"
    except OSError as exc:
        out["tcp"] = exc.errno
    for path in (canary, "/etc/shadow"):
        try:
            with open(path, "rb") as f:
                out["read"][path] = f.read(64).hex()
        except OSError:
            pass
    for directory in (
        canary_dir, "/", "/usr", "/etc", "/dev", "/job", "/var/tmp", "/proc/sys/kernel"
    ):
        path = os.path.join(directory, name)
        try:
            with open(path, "w") as f:
                f.write("x")
            out["wrote"].append(path)
        except OSError:
            pass
    forks = failures = 0
    for _ in range(int(sys.argv[5])):
        try:
            pid = os.fork()
        except OSError:
            failures += 1
            continue
        if pid == 0:
            time.sleep(30)
            os._exit(0)
        forks += 1
    out["forks"], out["fork_failures"] = forks, failures
    print(json.dumps(out), flush=True)
    """
)


def self_test(limits: Limits | None = None) -> list[str]:
    """Problems found by a canary job ([] = contained). Takes well under a second.

    The canary tries (a) a TCP connection to a listener opened here on
    127.0.0.1, (b) to read a canary file written here in a root-only (0700)
    directory and /etc/shadow, (c) to fork beyond the pids limit, (d) to
    write outside its scratch. Always the full sandbox (bwrap, cgroups,
    seccomp): the insecure mode is, by definition, not contained.
    """
    limits = limits or Limits(wall_seconds=10, max_processes=8)
    problems: list[str] = []
    secret = secrets.token_hex(16)
    name = f"proctor-selftest-{secrets.token_hex(6)}"
    canary_dir = tempfile.mkdtemp(prefix="proctor-selftest-")  # 0700, ours
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        canary = os.path.join(canary_dir, "canary")
        with open(canary, "w") as f:
            f.write(secret)
        os.chmod(canary, 0o600)
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        listener.setblocking(False)
        port = listener.getsockname()[1]
        forks = limits.max_processes + 4
        argv = ("python3", "-S", "/job/canary.py", str(port), canary, canary_dir, name, str(forks))
        job = Job(files={"canary.py": CANARY.encode()}, argv=argv)
        try:
            obs = run(job, limits)
        except SandboxError as exc:
            return [f"the canary job could not run: {exc}"]
        problems += _check(obs, listener, secret, limits)
        host_paths = [os.path.join(d, name) for d in (canary_dir, "/", "/var/tmp")]  # noqa: S108
        for path in host_paths:
            if os.path.lexists(path):
                problems.append(f"the canary created {path} on the host")
                with contextlib.suppress(OSError):
                    os.unlink(path)
    finally:
        listener.close()
        shutil.rmtree(canary_dir, ignore_errors=True)
    return problems


def _check(obs, listener: socket.socket, secret: str, limits: Limits) -> list[str]:
    problems = []
    if not obs.sandboxed:
        problems.append("the canary ran unsandboxed")
    try:
        connection, _addr = listener.accept()
        connection.close()
        problems.append("the canary's TCP connection reached a listener on the host")
    except BlockingIOError:
        pass
    try:
        out = json.loads(obs.stdout)
    except ValueError:
        detail = obs.stderr.decode(errors="replace").strip()[-300:]
        return [*problems, f"the canary job failed (exit {obs.exit_code}): {detail}"]
    if out["tcp"] == "connected":
        problems.append("the canary connected to 127.0.0.1")
    elif out["tcp"] != errno.EAFNOSUPPORT:
        problems.append(
            f"socket(AF_INET) was not refused by the seccomp filter (errno {out['tcp']})"
        )
    for path in out["read"]:
        problems.append(f"the canary read {path}")
    if secret.encode().hex() in obs.stdout.decode(errors="replace"):
        problems.append("the canary read the canary file's secret")
    for path in out["wrote"]:
        problems.append(f"the canary wrote {path} (outside its scratch)")
    if out["fork_failures"] == 0 or out["forks"] > limits.max_processes:
        problems.append(
            f"the canary forked {out['forks']} processes with a limit of {limits.max_processes}"
        )
    elif "processes" not in obs.limit_hits:
        problems.append("the pids limit stopped the canary's forks but no limit hit was recorded")
    for warning in obs.warnings:
        if "cgroup" in warning:
            problems.append(warning)
    return problems
