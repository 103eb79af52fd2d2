"""Sandbox tests run real bubblewrap jobs; they need nothing from Django."""

import os
import random

import pytest

from sandbox import SandboxUnavailable, check_available

IN_CI = os.environ.get("CI", "").lower() == "true"
#: A host uid of this test session's own (no account needs to exist for it), so
#: that "nothing is left" checks are not confused by other sandboxes running on
#: the machine, including another test session: the default 65534 is shared.
TEST_UID = os.environ.get("SANDBOX_TEST_UID", str(random.randrange(200_000, 900_000)))


@pytest.fixture(scope="session", autouse=True)
def dedicated_uid():
    saved = {k: os.environ.get(k) for k in ("SANDBOX_UID", "SANDBOX_GID")}
    os.environ["SANDBOX_UID"] = os.environ["SANDBOX_GID"] = TEST_UID
    yield int(TEST_UID)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def sandbox_ready(dedicated_uid):
    """Skip (visibly) when the sandbox cannot work here; in CI that is a failure."""
    try:
        check_available()
    except SandboxUnavailable as exc:
        if IN_CI:
            pytest.fail(f"CI=true and the sandbox is unavailable: {exc}", pytrace=False)
        pytest.skip(f"sandbox unavailable: {exc}")
