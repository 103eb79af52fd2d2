"""What to run: files laid out read-only at /job, a command, extra environment."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import MappingProxyType

#: Set by the sandbox itself (the result channel); a job may not override it.
RESERVED_ENV = frozenset({"PROCTOR_RESULT_FD"})
_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
MAX_FILES = 1000
MAX_DEPTH = 16


@dataclass(frozen=True)
class Job:
    """A command to run in the sandbox.

    ``files`` maps relative paths to contents, laid out read-only at /job.
    ``argv[0] == "python3"`` means the host's own interpreter (stdlib only).
    The command runs with cwd = /tmp (the writable scratch).
    """

    files: Mapping[str, bytes]
    argv: tuple[str, ...]
    env: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        files = {check_path(p): _as_bytes(p, c) for p, c in dict(self.files).items()}
        if len(files) > MAX_FILES:
            raise ValueError(f"too many files ({len(files)} > {MAX_FILES})")
        _check_tree(files)
        argv = tuple(self.argv)
        if not argv or not argv[0]:
            raise ValueError("argv must be non-empty, with a non-empty argv[0]")
        if not all(isinstance(a, str) and "\0" not in a for a in argv):
            raise ValueError("argv items must be strings without NUL")
        env = dict(self.env)
        for name, value in env.items():
            if not isinstance(name, str) or not _ENV_NAME.fullmatch(name):
                raise ValueError(f"invalid environment variable name {name!r}")
            if name in RESERVED_ENV:
                raise ValueError(f"{name} is set by the sandbox")
            if not isinstance(value, str) or "\0" in value:
                raise ValueError(f"invalid value for environment variable {name}")
        # Frozen all the way down: copies the caller cannot mutate afterwards.
        object.__setattr__(self, "files", MappingProxyType(files))
        object.__setattr__(self, "argv", argv)
        object.__setattr__(self, "env", MappingProxyType(env))


def check_path(path: object) -> str:
    """Validate a job file path: relative, normalised, no '..', bounded depth."""
    if not isinstance(path, str) or not path or "\0" in path or "\\" in path:
        raise ValueError(f"invalid job file path {path!r}")
    pure = PurePosixPath(path)
    if pure.is_absolute():
        raise ValueError(f"job file path must be relative: {path!r}")
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts) or len(parts) > MAX_DEPTH:
        raise ValueError(f"job file path must be normalised, without '..': {path!r}")
    return path


def _check_tree(files: Mapping[str, bytes]) -> None:
    # "a" and "a/b" cannot both exist: "a" would be a file and a directory.
    directories = {"/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)}
    clash = directories & set(files)
    if clash:
        raise ValueError(f"job file path used as a directory too: {sorted(clash)[0]!r}")


def _as_bytes(path: str, content: object) -> bytes:
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    raise ValueError(f"content of {path!r} must be bytes")
