"""Resource limits of one sandboxed run: the single documented place for defaults.

Every limit is enforced by the sandbox itself (the job's cgroup, rlimits set
before the job starts, tmpfs sizes, the wall clock watched from outside);
nothing is clamped silently.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass

MiB = 2**20


@dataclass(frozen=True)
class Limits:
    """Limits of one run. Defaults are safe for a small exercise."""

    #: Wall-clock limit, enforced from outside the sandbox (SIGKILL of everything).
    wall_seconds: float = 10.0
    #: RLIMIT_CPU per process (soft; the hard limit is one second more, then SIGKILL).
    cpu_seconds: int = 20
    #: The job's cgroup memory limit: RAM + swap of all its processes together,
    #: tmpfs pages (/tmp, /dev/shm) included. Over it the kernel OOM-kills one.
    memory_bytes: int = 512 * MiB
    #: The job's cgroup pids limit: tasks (processes and threads) it may have at once.
    max_processes: int = 64
    #: CPU bandwidth of the whole job, in CPUs (cgroup CFS quota): 2.0 = two cores.
    cpu_quota: float = 2.0
    #: Bytes kept per stream (stdout, stderr); the rest is drained and discarded.
    output_bytes: int = 64 * 1024
    #: Size of the writable tmpfs mounted on /tmp (also the working directory).
    scratch_bytes: int = 32 * MiB
    #: Size of the tmpfs on /dev/shm (POSIX semaphores used by multiprocessing).
    shm_bytes: int = 64 * MiB
    #: RLIMIT_NOFILE.
    open_files: int = 256
    #: RLIMIT_FSIZE: largest file the job may write.
    file_bytes: int = 16 * MiB

    def __post_init__(self) -> None:
        for field in dataclasses.fields(self):
            _check(field.name, getattr(self, field.name))
        # Normalise 10 -> 10.0 so equality and serialisation are stable.
        object.__setattr__(self, "wall_seconds", float(self.wall_seconds))
        object.__setattr__(self, "cpu_quota", float(self.cpu_quota))

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Limits:
        """Build limits from untrusted configuration; unknown keys are an error."""
        if not isinstance(values, Mapping):
            raise ValueError("limits must be a mapping")
        unknown = sorted(set(values) - set(_RANGES))
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(map(str, unknown))}")
        return cls(**values)  # type: ignore[arg-type]

    def with_overrides(self, **overrides: object) -> Limits:
        """A copy with some limits changed (validated like from_mapping)."""
        unknown = sorted(set(overrides) - set(_RANGES))
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(unknown)}")
        return dataclasses.replace(self, **overrides)  # type: ignore[arg-type]

    def to_dict(self) -> dict[str, float | int]:
        return dataclasses.asdict(self)


# name -> (type, minimum, maximum). Bounds keep a typo (an extra zero) from
# becoming a resource hazard for the host, and keep the job runnable at all.
_RANGES: dict[str, tuple[type, float, float]] = {
    "wall_seconds": (float, 0.1, 3600.0),
    "cpu_seconds": (int, 1, 3600),
    "memory_bytes": (int, 32 * MiB, 64 * 1024 * MiB),
    "max_processes": (int, 1, 4096),
    "cpu_quota": (float, 0.05, 256.0),
    "output_bytes": (int, 0, 64 * MiB),
    "scratch_bytes": (int, 1 * MiB, 4096 * MiB),
    "shm_bytes": (int, 1 * MiB, 4096 * MiB),
    "open_files": (int, 16, 65536),
    "file_bytes": (int, 0, 4096 * MiB),
}


def _check(name: str, value: object) -> None:
    kind, low, high = _RANGES[name]
    # bool is an int subclass: reject it explicitly, True is never a limit.
    if isinstance(value, bool):
        raise ValueError(f"{name} must be {kind.__name__}, not bool")
    if kind is float:
        if not isinstance(value, int | float) or not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
    elif not isinstance(value, int):
        raise ValueError(f"{name} must be an int, got {value!r}")
    if not low <= value <= high:
        raise ValueError(f"{name}={value!r} is out of range [{low}, {high}]")
