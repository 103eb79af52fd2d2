#!/usr/bin/env python3
"""Development supervisor for `make run`: Redis, the Celery worker and the web server.

    .venv/bin/python scripts/run_dev.py

- If REDIS_URL is not set, a private redis-server is started on a free
  127.0.0.1 port (nothing saved to disk) and REDIS_URL is exported to the
  children.
- The Celery worker (queues "grading", then "maintenance": validations, regrades)
  and `manage.py runserver` on 127.0.0.1:$PORT (default 8000) are started, each
  in its own process group.
- Ctrl-C or SIGTERM stops everything: SIGTERM to every process group, SIGKILL
  to what is left after STOP_TIMEOUT seconds (a second Ctrl-C kills at once).
  If a child exits on its own, the others are stopped too and the exit status
  is non-zero.

Environment: PORT (web port, default 8000), REDIS_URL (use that Redis instead
of a private one), RUN_DEV_WEB_CMD / RUN_DEV_WORKER_CMD (replace the web or
worker command, split like a shell would; for trying the supervisor itself).
The Celery executable is looked up next to sys.executable, so run this with
the virtualenv's Python. Standard library only.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import TextIO

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _redis

PROG = "run_dev"
ROOT = Path(__file__).resolve().parent.parent
STOP_TIMEOUT = 10.0
BANNER_WAIT = 30.0


def log(message: str) -> None:
    say(f"[{PROG}] {message}", sys.stderr)


def say(text: str, stream: TextIO | None = None) -> None:
    """Print, but never fail: with `make run | tee log`, Ctrl-C kills tee first."""
    stream = stream or sys.stdout
    try:
        print(text, file=stream, flush=True)
    except (OSError, ValueError):
        # The reader is gone: from now on write to /dev/null, so that exiting
        # does not complain either.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())


class Supervisor:
    def __init__(self) -> None:
        self.children: dict[str, subprocess.Popen] = {}
        self.redis: _redis.PrivateRedis | None = None
        self.requested: int | None = None  # the signal that asked us to stop

    def on_signal(self, signum: int, _frame: object) -> None:
        if self.requested is None:
            self.requested = signum
            return
        # A second Ctrl-C while stopping: do not wait any longer.
        log(f"{signal.Signals(signum).name} again: killing everything now")
        for proc in self.children.values():
            _redis.signal_group(proc, signal.SIGKILL)
        if self.redis is not None and self.redis.proc is not None:
            _redis.signal_group(self.redis.proc, signal.SIGKILL)

    def spawn(self, name: str, argv: list[str], env: dict[str, str]) -> None:
        self.children[name] = subprocess.Popen(
            argv,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_redis.parent_death_signal,  # single-threaded: safe
        )
        log(f"started {name} (pid {self.children[name].pid}): {shlex.join(argv)}")

    def run(self) -> int:
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, self.on_signal)
        failed: str | None = None
        try:
            failed = self.start_and_watch()
        except (_redis.RedisError, OSError, ValueError) as e:
            log(str(e))
            failed = "startup"
        finally:
            if self.requested is not None:
                log(f"{signal.Signals(self.requested).name}: stopping everything")
            else:
                self.requested = signal.SIGTERM  # from now on a signal means "hurry"
            self.shutdown()
        if failed:
            log(f"stopped because {failed} failed")
            return 1
        log("everything stopped")
        return 0

    def start_and_watch(self) -> str | None:
        """Start everything, then wait; return the name of a child that exited on its own."""
        try:
            port = int(os.environ.get("PORT", "8000"))
        except ValueError:
            raise ValueError(f"PORT must be a number, not {os.environ['PORT']!r}") from None
        if port_in_use(port):
            raise OSError(f"127.0.0.1:{port} is already in use: stop that server or set PORT")

        env = dict(os.environ)
        env.setdefault("PYTHONUNBUFFERED", "1")
        # runserver speaks plain HTTP: without these, settings with DEBUG off
        # would redirect every request to https://.
        for name in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
            env.setdefault(name, "false")
        if not env.get("REDIS_URL"):
            self.redis = _redis.PrivateRedis()
            env["REDIS_URL"] = self.redis.start()
            log(f"started private redis-server (pid {self.redis.proc.pid}) at {env['REDIS_URL']}")
            if self.requested is not None:
                return None

        bindir = Path(sys.executable).parent
        worker = [
            str(bindir / "celery"),
            "-A",
            "config",
            "worker",
            "-Q",
            "grading,maintenance",
            "-l",
            "info",
            "--pool",
            "prefork",
            "--concurrency",
            "2",
            "-n",
            "grading@%h",
        ]
        web = [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"]
        if env.get("RUN_DEV_WORKER_CMD"):
            worker = shlex.split(env["RUN_DEV_WORKER_CMD"])
        if env.get("RUN_DEV_WEB_CMD"):
            web = shlex.split(env["RUN_DEV_WEB_CMD"])
        self.spawn("celery worker", worker, env)
        self.spawn("web server", web, env)

        # The banner comes once the web server answers, after its own start-up chatter.
        banner_due = time.monotonic() + BANNER_WAIT
        while self.requested is None:
            if banner_due and (port_in_use(port) or time.monotonic() > banner_due):
                self.banner(port, env["REDIS_URL"])
                banner_due = 0
            for name, proc in self.children.items():
                if proc.poll() is not None:
                    log(f"{name} (pid {proc.pid}) exited unexpectedly with {describe(proc)}")
                    return name
            redis = self.redis.proc if self.redis is not None else None
            if redis is not None and redis.poll() is not None:
                log(f"redis-server exited unexpectedly with {describe(redis)}")
                say(self.redis.log_tail(), sys.stderr)
                return "redis-server"
            time.sleep(0.2)
        return None

    def banner(self, port: int, redis_url: str) -> None:
        private = " (private, stops with this)" if self.redis is not None else ""
        lines = [
            f"Proctor is running at http://127.0.0.1:{port}/",
            "Demo accounts: student / student, teacher / teacher (staff)",
            f"Redis: {redis_url}{private}",
            "Ctrl-C stops everything.",
        ]
        width = max(len(line) for line in lines)
        rule = "=" * (width + 4)
        text = "\n".join([rule, *(f"  {line}" for line in lines), rule])
        say(f"\n{text}\n")

    def shutdown(self) -> None:
        """Stop the web server and worker first, Redis last (the worker needs it to stop)."""
        alive = [proc for proc in self.children.values() if _redis.group_alive(proc)]
        if alive:
            log(f"stopping {len(alive)} process group(s), SIGKILL after {STOP_TIMEOUT:.0f} s")
            _redis.terminate_groups(alive, timeout=STOP_TIMEOUT)
        if self.redis is not None:
            self.redis.stop()


def describe(proc: subprocess.Popen) -> str:
    code = proc.returncode
    if code is not None and code < 0:
        return f"signal {signal.Signals(-code).name}"
    return f"status {code}"


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def main() -> int:
    os.chdir(ROOT)
    return Supervisor().run()


if __name__ == "__main__":
    sys.exit(main())
