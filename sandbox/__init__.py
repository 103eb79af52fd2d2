"""Proctor's sandbox: run untrusted Python jobs and watch their processes.

Stdlib only, independent of Django and of the rest of the project.
"""

from .errors import SandboxError, SandboxUnavailable
from .job import Job
from .launcher import check_available, run
from .limits import Limits
from .observations import Observations, ProcessRecord, Snapshot

__all__ = [
    "Job",
    "Limits",
    "Observations",
    "ProcessRecord",
    "SandboxError",
    "SandboxUnavailable",
    "Snapshot",
    "check_available",
    "run",
]
