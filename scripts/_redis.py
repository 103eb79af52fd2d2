"""A private, throw-away redis-server for development and tests (stdlib only).

Shared by run_dev.py and with_redis.py. scripts/ is not a package: those
scripts put their own directory on sys.path and `import _redis`.

The server listens on a free 127.0.0.1 port, keeps nothing on disk and runs in
its own process group, so the terminal's Ctrl-C does not reach it: whoever
started it stops it with stop(). On Linux it also gets SIGTERM if the process
that started it dies without cleaning up.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT / "var" / "redis"
HOST = "127.0.0.1"
START_TIMEOUT = 10.0


class RedisError(RuntimeError):
    pass


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def ping(port: int, timeout: float = 0.5) -> bool:
    """True if a Redis server on 127.0.0.1:port answers PING with PONG."""
    try:
        with socket.create_connection((HOST, port), timeout=timeout) as s:
            s.sendall(b"*1\r\n$4\r\nPING\r\n")
            reply = b""
            while not reply.endswith(b"\r\n"):
                chunk = s.recv(64)
                if not chunk:
                    break
                reply += chunk
            return reply.startswith(b"+PONG")
    except OSError:
        return False


def _parent_death_signal() -> Callable[[], None] | None:
    """A preexec_fn that makes the child get SIGTERM when its parent dies (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None
    pr_set_pdeathsig = 1

    def preexec() -> None:
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM, 0, 0, 0)

    return preexec


parent_death_signal = _parent_death_signal()


def terminate_groups(procs: list[subprocess.Popen], timeout: float = 10.0) -> None:
    """SIGTERM each process group, wait up to `timeout` seconds, then SIGKILL.

    Each Popen must have been started with start_new_session=True, so that its
    pid is also its process group id; the whole group goes, grandchildren too.
    """
    for proc in procs:
        signal_group(proc, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for proc in procs:
            proc.poll()
        if not any(group_alive(proc) for proc in procs):
            return
        time.sleep(0.1)
    for proc in procs:
        if group_alive(proc):
            print(
                f"[{Path(sys.argv[0]).stem}] pid {proc.pid} did not stop in {timeout:.0f} s: "
                "SIGKILL",
                file=sys.stderr,
                flush=True,
            )
            signal_group(proc, signal.SIGKILL)
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=5)


def signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, sig)


def group_alive(proc: subprocess.Popen) -> bool:
    """True while a process of the group led by proc is left running.

    Zombies do not count: a grandchild that outlived its parent is reaped by
    init, which may take its time about it.
    """
    proc.poll()
    try:
        os.killpg(proc.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    members = _group_members(proc.pid)
    return True if members is None else bool(members)


def _group_members(pgid: int) -> list[int] | None:
    """Pids of the group's processes that are not zombies; None without /proc."""
    proc_dir = Path("/proc")
    if not (proc_dir / "self" / "stat").exists():
        return None
    members = []
    for entry in proc_dir.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) >= 3 and int(fields[2]) == pgid and fields[0] not in {"Z", "X"}:
            members.append(int(entry.name))
    return members


class PrivateRedis:
    """A redis-server child process; use start() and stop(), or `with`."""

    def __init__(self, workdir: Path = DEFAULT_DIR, executable: str | None = None) -> None:
        self.workdir = Path(workdir)
        self.executable = executable or os.environ.get("REDIS_SERVER") or "redis-server"
        self.proc: subprocess.Popen | None = None
        self.port: int | None = None
        self.logfile: Path | None = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise RedisError("redis-server is not running")
        return f"redis://{HOST}:{self.port}/0"

    def start(self, attempts: int = 3) -> str:
        """Start the server, wait until it answers PING and return its URL."""
        binary = shutil.which(self.executable)
        if binary is None:
            raise RedisError(
                f"{self.executable} not found: run `make install` "
                "(or: sudo apt-get install -y redis-server)"
            )
        self.workdir.mkdir(parents=True, exist_ok=True)
        last_error = ""
        # Another process may take the free port between the probe and the
        # server's bind: then try again with another one.
        for _ in range(attempts):
            port = free_port()
            logfile = self.workdir / f"redis-{port}.log"
            with open(logfile, "wb") as log:
                proc = subprocess.Popen(
                    [
                        binary,
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                        "--port",
                        str(port),
                        "--bind",
                        HOST,
                        "--daemonize",
                        "no",
                        "--dir",
                        str(self.workdir),
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                    preexec_fn=parent_death_signal,  # single-threaded: safe
                )
            self.proc, self.port, self.logfile = proc, port, logfile
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline and proc.poll() is None:
                if ping(port):
                    return self.url
                time.sleep(0.05)
            status = proc.poll()
            last_error = self.log_tail() or (
                f"(exit status {status})" if status is not None else "(no answer to PING)"
            )
            self.stop()
        raise RedisError(f"redis-server did not start:\n{last_error}")

    def stop(self, timeout: float = 5.0) -> None:
        proc, self.proc = self.proc, None
        if proc is not None:
            terminate_groups([proc], timeout=timeout)
        if self.logfile is not None:
            with contextlib.suppress(OSError):
                self.logfile.unlink()
        self.port = None
        self.logfile = None

    def log_tail(self, lines: int = 20) -> str:
        if self.logfile is None:
            return ""
        try:
            text = self.logfile.read_text(errors="replace")
        except OSError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def __enter__(self) -> PrivateRedis:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
