import shutil

import sandbox

from ..conftest import require

_availability: dict[str, str | None] = {}


def require_sandbox() -> None:
    """The real sandbox must work here; in CI its absence fails the test."""
    if "reason" not in _availability:
        try:
            sandbox.check_available()
            _availability["reason"] = None
        except sandbox.SandboxUnavailable as exc:
            _availability["reason"] = str(exc)
    reason = _availability["reason"]
    how = reason or ("install bubblewrap" if not shutil.which("bwrap") else "")
    require("The sandbox", reason is None, how)
