"""Worker health: the sandbox self-test a worker runs before it takes any grading work.

A worker whose sandbox does not contain a canary job stops consuming the grading
queue, logs why, and records it where operators look: `manage.py worker_health`
and /healthz read the same record in Redis.
"""

from __future__ import annotations

import json
import logging
import socket
import time

import redis
from django.conf import settings

import sandbox

log = logging.getLogger(__name__)
KEY = "proctor:workers"


def sandbox_problems() -> list[str]:
    """What is wrong with isolation on this host; [] when a canary job is contained."""
    if settings.SANDBOX_MODE == "insecure-dev":
        return []
    try:
        sandbox.check_available()
    except sandbox.SandboxUnavailable as exc:
        return [str(exc)]
    return list(sandbox.self_test())


def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.REDIS_URL, socket_timeout=5)


def record(hostname: str, problems: list[str]) -> None:
    state = {
        "hostname": hostname,
        "host": socket.gethostname(),
        "ok": not problems,
        "problems": problems,
        "sandbox_mode": settings.SANDBOX_MODE,
        "checked": time.time(),
    }
    _redis().hset(KEY, hostname, json.dumps(state))


def forget(hostname: str) -> None:
    _redis().hdel(KEY, hostname)


def workers() -> list[dict]:
    states = []
    for raw in _redis().hvals(KEY):
        try:
            states.append(json.loads(raw))
        except ValueError:
            continue
    return sorted(states, key=lambda s: s.get("hostname", ""))
