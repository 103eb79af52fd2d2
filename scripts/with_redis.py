#!/usr/bin/env python3
"""Run a command with REDIS_URL pointing to a private, throw-away redis-server.

    python scripts/with_redis.py -- CMD ARGS...

If REDIS_URL is already set, CMD simply replaces this process. Otherwise a
redis-server is started on a free 127.0.0.1 port (nothing saved to disk),
CMD runs with REDIS_URL=redis://127.0.0.1:PORT/0, the server is stopped
afterwards, and this script exits with CMD's status (128+N if CMD died of
signal N). Standard library only.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _redis

PROG = "with_redis"


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--":
        argv = argv[1:]
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__.strip(), file=sys.stderr)
        return 2

    if os.environ.get("REDIS_URL"):
        try:
            os.execvp(argv[0], argv)  # noqa: S606 (the command is the caller's)
        except OSError as e:
            print(f"[{PROG}] cannot run {argv[0]}: {e}", file=sys.stderr)
            return 127

    redis = _redis.PrivateRedis()
    try:
        url = redis.start()
    except (_redis.RedisError, OSError) as e:
        print(f"[{PROG}] {e}", file=sys.stderr)
        return 1

    try:
        env = dict(os.environ, REDIS_URL=url)
        print(f"[{PROG}] private Redis at {url}", file=sys.stderr, flush=True)
        try:
            child = subprocess.Popen(argv, env=env)
        except OSError as e:
            print(f"[{PROG}] cannot run {argv[0]}: {e}", file=sys.stderr)
            return 127

        # The command shares our process group, so the terminal's Ctrl-C reaches
        # it directly: let it decide how to stop, then clean up after it. A
        # SIGTERM/SIGHUP sent to us alone is passed on.
        def forward(signum: int, _frame: object) -> None:
            if child.poll() is None:
                child.send_signal(signum)

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, forward)
        signal.signal(signal.SIGHUP, forward)
        status = child.wait()
    finally:
        redis.stop()

    return 128 - status if status < 0 else status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
