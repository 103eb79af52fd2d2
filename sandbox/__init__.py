"""Proctor's sandbox: run untrusted Python jobs and watch their processes.

Stdlib only (plus pyseccomp on the host, to build the system call filter),
independent of Django and of the rest of the project.
"""

from .cgroups import sweep_stale
from .errors import SandboxError, SandboxUnavailable
from .job import Job
from .launcher import Isolation, check_available, run
from .limits import Limits
from .observations import (
    Observations,
    OutputEvent,
    OutputLine,
    ProcessRecord,
    ProcRead,
    Snapshot,
)
from .selftest import self_test

__all__ = [
    "Isolation",
    "Job",
    "Limits",
    "Observations",
    "OutputEvent",
    "OutputLine",
    "ProcRead",
    "ProcessRecord",
    "SandboxError",
    "SandboxUnavailable",
    "Snapshot",
    "check_available",
    "run",
    "self_test",
    "sweep_stale",
]
