#!/usr/bin/env python3
"""Smoke-test a running site as a student would: log in, submit, wait for verdicts.

    python3 scripts/smoke.py [--url http://127.0.0.1:8000] [--user student --password student]

For every stored solution of run-in-child (content/), it submits the code once
through the HTML form (with the CSRF token, following redirects, polling the
submission page until it stops refreshing) and once through the HTTP API (with
the session cookie and CSRF header), and checks that correct solutions pass and
wrong ones fail. Standard library only. Exits 1 on any wrong verdict.
"""

import argparse
import http.cookiejar
import json
import re
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXERCISE = ROOT / "content" / "processes" / "exercises" / "run-in-child"


class Browser:
    def __init__(self, base: str) -> None:
        if not base.startswith(("http://", "https://")):
            raise SystemExit("--url must be an http:// or https:// address")
        self.base = base.rstrip("/")
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.read().decode()

    def post_form(self, path: str, fields: dict) -> tuple[str, str]:
        data = urllib.parse.urlencode(fields | {"csrfmiddlewaretoken": self.csrf()}).encode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.base + path, data=data, headers={"Referer": self.base}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.geturl(), response.read().decode()

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked in __init__
            self.base + path,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf(),
                     "Referer": self.base},
        )  # fmt: skip
        with self.opener.open(request, timeout=30) as response:
            return json.loads(response.read())


def log_in(browser: Browser, user: str, password: str) -> None:
    browser.get("/accounts/login/")
    url, _ = browser.post_form("/accounts/login/", {"username": user, "password": password})
    if "/accounts/login/" in url:
        raise SystemExit(f"could not log in as {user}")


def through_form(browser: Browser, code: str, timeout: float = 90) -> str:
    url, page = browser.post_form("/exercises/run-in-child/submit", {"code": code})
    path = urllib.parse.urlparse(url).path
    deadline = time.monotonic() + timeout
    while 'http-equiv="refresh"' in page and time.monotonic() < deadline:
        time.sleep(0.5)
        page = browser.get(path)
    found = re.search(r'id="status">([^<]+)<', page)
    return found.group(1).strip().lower() if found else "unknown"


def through_api(browser: Browser, code: str, timeout: float = 90) -> str:
    created = browser.api("POST", "/api/v1/submissions", {"exercise": "run-in-child", "code": code})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = browser.api("GET", created["url"])["status"]
        if status in {"passed", "failed", "error"}:
            return status
        time.sleep(0.5)
    return "timeout"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="student")
    parser.add_argument("--password", default="student")
    args = parser.parse_args()
    browser = Browser(args.url)
    log_in(browser, args.user, args.password)
    files = [
        (p, "passed") for p in [EXERCISE / "solution.py", *sorted(EXERCISE.glob("solutions/*.py"))]
    ]
    files += [(p, "failed") for p in sorted(EXERCISE.glob("wrong/*.py"))]
    wrong = 0
    for path, expected in files:
        code = path.read_text()
        for how, submit in (("form", through_form), ("api", through_api)):
            got = submit(browser, code)
            mark = "ok  " if got == expected else "FAIL"
            wrong += got != expected
            print(f"{mark} {path.relative_to(EXERCISE)} via {how}: {got} (expected {expected})")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
