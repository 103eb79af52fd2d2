"""Per-job cgroups: limits, accounting, and a kill switch for everything a job starts.

One cgroup per run, named ``job-<worker pid>-<random hex>`` under a parent
``proctor``: in cgroup v1 the same name in each of the pids, memory, cpu,
cpuacct (and freezer) hierarchies, in cgroup v2 one directory. The launcher
creates it and sets the limits before bubblewrap starts, then writes bwrap and
the sandbox's pid 1 into ``cgroup.procs`` before the supervisor, which waits
for its config, starts the job: bwrap, the supervisor and every job process
are inside; after the run the accounting is read back,
whatever is left is killed through the cgroup and the cgroup is removed.

Where the parent is (``PROCTOR_CGROUP_PARENT``, a path relative to the root
of each hierarchy, overrides):

- v1: ``<hierarchy>/proctor`` in each controller's hierarchy;
- v2: ``<own cgroup>/../proctor`` when that directory is writable (a delegated
  subtree: the worker sits in a leaf next to it), else ``/sys/fs/cgroup/proctor``
  when writable (root). v2 forbids processes in a non-root cgroup that enables
  controllers for its children, so the parent's parent must hold no process.

Stdlib only; used by the launcher on the host, never inside the sandbox.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import signal
import time
from dataclasses import dataclass
from pathlib import Path

from .errors import SandboxError, SandboxUnavailable
from .limits import Limits

PARENT_NAME = "proctor"
PARENT_ENV = "PROCTOR_CGROUP_PARENT"
V1_REQUIRED = ("pids", "memory", "cpu", "cpuacct")
V1_OPTIONAL = ("freezer",)
V2_CONTROLLERS = ("pids", "memory", "cpu")
CFS_PERIOD_US = 100_000
JOB_NAME = re.compile(r"job-(\d+)-[0-9a-f]{8,32}")
#: The launcher's bwrap and the supervisor (pid 1) live in the job's cgroup too.
SANDBOX_TASKS = 2
#: How long destroy() keeps killing and waiting for an emptied cgroup.
KILL_TIMEOUT = 5.0


@dataclass(frozen=True)
class CgroupStats:
    """Accounting of one job cgroup, read after the run."""

    cpu_seconds: float | None
    peak_memory_bytes: int | None
    oom_kills: int
    pids_max_hits: int


def _write(path: str, value: str) -> None:
    # O_CREAT only matters for a fake tree in tests: cgroupfs refuses new files.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)


def _read(path: str) -> str | None:
    try:
        with open(path, encoding="ascii", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def _keyed(text: str | None, key: str) -> int | None:
    """The value of `key` in a flat-keyed file ("key value" lines)."""
    for line in (text or "").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == key:
            with contextlib.suppress(ValueError):
                return int(parts[1])
    return None


def _int(text: str | None) -> int | None:
    try:
        return int((text or "").strip())
    except ValueError:
        return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _rmdir(path: str) -> None:
    """rmdir a cgroup; EBUSY while dying tasks are still being released."""
    deadline = time.monotonic() + 1.0
    while True:
        try:
            os.rmdir(path)
            return
        except FileNotFoundError:
            return
        except OSError as exc:
            if exc.errno != errno.EBUSY or time.monotonic() > deadline:
                raise
            time.sleep(0.002)


def new_name() -> str:
    return f"job-{os.getpid()}-{secrets.token_hex(6)}"


class JobCgroup:
    """One job's cgroup (v1: one directory per hierarchy; v2: a single one)."""

    version = 0

    def __init__(self, name: str, dirs: dict[str, str]) -> None:
        self.name = name
        self.dirs = dirs  # controller (v1) or "unified" (v2) -> directory
        self.warnings: list[str] = []
        self.removed = False

    # -- to be provided per version ---------------------------------------

    def apply(self, limits: Limits) -> None:
        raise NotImplementedError

    def stats(self) -> CgroupStats:
        raise NotImplementedError

    def _kill_round(self, pids: set[int]) -> None:
        raise NotImplementedError

    # -- common -------------------------------------------------------------

    @property
    def procs_files(self) -> tuple[str, ...]:
        return tuple(os.path.join(d, "cgroup.procs") for d in self.dirs.values())

    def attach(self, pids: list[int]) -> None:
        """Move processes (not yet forked their children) into the cgroup."""
        for path in self.procs_files:
            for pid in pids:
                _write(path, str(pid))

    def pids(self) -> set[int]:
        found: set[int] = set()
        for directory in self.dirs.values():
            for line in (_read(os.path.join(directory, "cgroup.procs")) or "").split():
                with contextlib.suppress(ValueError):
                    found.add(int(line))
        return found

    def empty(self) -> bool:
        return not self.pids()

    def kill_all(self, timeout: float = KILL_TIMEOUT) -> bool:
        """SIGKILL everything in the cgroup until it is empty; False on timeout."""
        deadline = time.monotonic() + timeout
        while True:
            pids = self.pids()
            if not pids and self.empty():
                return True
            if time.monotonic() > deadline:
                return False
            self._kill_round(pids)
            time.sleep(0.001)

    def destroy(self) -> list[str]:
        """Kill what is left and remove the cgroup; problems are returned, not raised."""
        problems: list[str] = []
        if self.removed:
            return problems
        try:
            if not self.kill_all():
                problems.append(
                    f"cgroup {self.name}: processes survived {KILL_TIMEOUT:g} s of kills"
                )
        except OSError as exc:
            problems.append(f"cgroup {self.name}: cannot kill its processes: {exc}")
        for directory in self.dirs.values():
            try:
                self._remove(directory)
            except OSError as exc:
                problems.append(f"cgroup {directory} not removed: {exc.strerror or exc}")
        self.removed = not problems
        return problems

    def _remove(self, directory: str) -> None:
        _rmdir(directory)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} v{self.version} {self.name}>"


class JobCgroupV1(JobCgroup):
    version = 1

    def apply(self, limits: Limits) -> None:
        d = self.dirs
        _write(f"{d['pids']}/pids.max", str(limits.max_processes + SANDBOX_TASKS))
        # limit_in_bytes first: memsw (memory + swap) may never be below it.
        _write(f"{d['memory']}/memory.limit_in_bytes", str(limits.memory_bytes))
        memsw = f"{d['memory']}/memory.memsw.limit_in_bytes"
        if os.path.exists(memsw):
            _write(memsw, str(limits.memory_bytes))
        else:
            self.warnings.append("memory.memsw.* missing (swapaccount=0): swap is not limited")
        _write(f"{d['cpu']}/cpu.cfs_period_us", str(CFS_PERIOD_US))
        _write(f"{d['cpu']}/cpu.cfs_quota_us", str(round(limits.cpu_quota * CFS_PERIOD_US)))

    def stats(self) -> CgroupStats:
        d = self.dirs
        usage = _int(_read(f"{d['cpuacct']}/cpuacct.usage"))
        peak = _int(_read(f"{d['memory']}/memory.memsw.max_usage_in_bytes"))
        if peak is None:
            peak = _int(_read(f"{d['memory']}/memory.max_usage_in_bytes"))
        return CgroupStats(
            cpu_seconds=None if usage is None else round(usage / 1e9, 6),
            peak_memory_bytes=peak,
            oom_kills=_keyed(_read(f"{d['memory']}/memory.oom_control"), "oom_kill") or 0,
            pids_max_hits=_keyed(_read(f"{d['pids']}/pids.events"), "max") or 0,
        )

    def _kill_round(self, pids: set[int]) -> None:
        # Freeze first so nothing forks between reading cgroup.procs and the
        # kills; a v1 frozen task takes its SIGKILL when thawed.
        freezer = self.dirs.get("freezer")
        frozen = freezer is not None and self._freeze(freezer)
        try:
            for pid in self.pids() if frozen else pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        finally:
            if freezer is not None:
                _write(f"{freezer}/freezer.state", "THAWED")

    @staticmethod
    def _freeze(freezer: str) -> bool:
        _write(f"{freezer}/freezer.state", "FROZEN")
        deadline = time.monotonic() + 0.5
        while time.monotonic() < deadline:
            if (_read(f"{freezer}/freezer.state") or "").strip() == "FROZEN":
                return True
            time.sleep(0.001)
        return False


class JobCgroupV2(JobCgroup):
    version = 2

    @property
    def dir(self) -> str:
        return self.dirs["unified"]

    def apply(self, limits: Limits) -> None:
        d = self.dir
        _write(f"{d}/pids.max", str(limits.max_processes + SANDBOX_TASKS))
        _write(f"{d}/memory.max", str(limits.memory_bytes))
        if os.path.exists(os.path.join(os.path.dirname(d), "memory.swap.max")):
            _write(f"{d}/memory.swap.max", "0")
        else:
            self.warnings.append(
                "memory.swap.max missing (no swap accounting): swap is not limited"
            )
        quota = round(limits.cpu_quota * CFS_PERIOD_US)
        _write(f"{d}/cpu.max", f"{quota} {CFS_PERIOD_US}")

    def stats(self) -> CgroupStats:
        d = self.dir
        usage = _keyed(_read(f"{d}/cpu.stat"), "usage_usec")
        return CgroupStats(
            cpu_seconds=None if usage is None else round(usage / 1e6, 6),
            peak_memory_bytes=_int(_read(f"{d}/memory.peak")),  # Linux >= 5.19
            oom_kills=_keyed(_read(f"{d}/memory.events"), "oom_kill") or 0,
            pids_max_hits=_keyed(_read(f"{d}/pids.events"), "max") or 0,
        )

    def empty(self) -> bool:
        populated = _keyed(_read(f"{self.dir}/cgroup.events"), "populated")
        return populated == 0 if populated is not None else not self.pids()

    def _kill_round(self, pids: set[int]) -> None:
        if os.path.exists(f"{self.dir}/cgroup.kill"):  # Linux >= 5.14: atomic
            _write(f"{self.dir}/cgroup.kill", "1")
            return
        _write(f"{self.dir}/cgroup.freeze", "1")
        try:
            for pid in self.pids():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        finally:
            _write(f"{self.dir}/cgroup.freeze", "0")


# -- where the cgroups live ---------------------------------------------------


@dataclass(frozen=True)
class Hierarchy:
    """The parent directories job cgroups are created in."""

    version: int
    parents: dict[str, str]  # controller (v1) or "unified" (v2) -> parent directory

    def create(self, limits: Limits, name: str | None = None) -> JobCgroup:
        """A new job cgroup with the limits applied; SandboxError if that fails."""
        name = name or new_name()
        cls = JobCgroupV1 if self.version == 1 else JobCgroupV2
        cgroup = cls(name, {key: os.path.join(p, name) for key, p in self.parents.items()})
        try:
            for directory in cgroup.dirs.values():
                os.mkdir(directory, 0o755)
            cgroup.apply(limits)
        except OSError as exc:
            problems = cgroup.destroy()
            raise SandboxError(f"cannot set up the job cgroup {name}: {exc}; {problems}") from exc
        return cgroup

    def job_cgroups(self) -> dict[str, JobCgroup]:
        """The job cgroups present under the parent(s), by name."""
        cls = JobCgroupV1 if self.version == 1 else JobCgroupV2
        found: dict[str, dict[str, str]] = {}
        for key, parent in self.parents.items():
            with contextlib.suppress(FileNotFoundError):
                for entry in os.listdir(parent):
                    if JOB_NAME.fullmatch(entry) and os.path.isdir(os.path.join(parent, entry)):
                        found.setdefault(entry, {})[key] = os.path.join(parent, entry)
        return {name: cls(name, dirs) for name, dirs in found.items()}


def parse_mountinfo(text: str) -> tuple[str | None, dict[str, tuple[str, str]]]:
    """(cgroup2 mount point, {v1 controller: (mount point, mount root)})."""
    unified: str | None = None
    v1: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        after = line.split(" - ", 1)[1].split()
        if len(after) < 3:
            continue
        fstype, superopts = after[0], after[2].split(",")
        root, mount_point = _unescape(fields[3]), _unescape(fields[4])
        if fstype == "cgroup2" and (unified is None or mount_point == "/sys/fs/cgroup"):
            unified = mount_point
        elif fstype == "cgroup":
            for option in superopts:
                if option in V1_REQUIRED + V1_OPTIONAL and option not in v1:
                    v1[option] = (mount_point, root)
    return unified, v1


def _unescape(field: str) -> str:
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def own_cgroup(proc_cgroup: str, hierarchy_id: str = "0") -> str | None:
    """This process's path in the v2 hierarchy ("0::/path" in /proc/self/cgroup)."""
    for line in proc_cgroup.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3 and parts[0] == hierarchy_id:
            return parts[2]
    return None


def v2_hierarchy(
    mount: str, own: str | None, configured: str | None = None, *, create: bool = True
) -> Hierarchy:
    """The v2 parent: configured, else <own>/../proctor (delegated), else <mount>/proctor.

    Enables the pids, memory and cpu controllers on the way (subtree_control of
    the parent's parent and of the parent), as the v2 rules require.
    """
    controllers = set((_read(os.path.join(mount, "cgroup.controllers")) or "").split())
    missing = set(V2_CONTROLLERS) - controllers
    if missing:
        raise SandboxUnavailable(
            f"cgroup v2 at {mount} lacks the {', '.join(sorted(missing))} controller(s)"
        )
    if configured:
        parent = os.path.join(mount, configured.strip("/"))
    else:
        candidates = []
        if own and own != "/":
            candidates.append(os.path.join(mount, os.path.dirname(own).strip("/"), PARENT_NAME))
        candidates.append(os.path.join(mount, PARENT_NAME))
        usable = [c for c in candidates if os.access(os.path.dirname(c), os.W_OK)]
        if not usable:
            raise SandboxUnavailable(
                f"no writable cgroup v2 parent (tried {', '.join(candidates)}): run the worker "
                "as root, or delegate a subtree to it (systemd Delegate=yes) and set "
                f"{PARENT_ENV}"
            )
        parent = usable[0]
    if create:
        try:
            os.makedirs(parent, exist_ok=True)
            for directory in (os.path.dirname(parent), parent):
                _enable_controllers(directory)
        except OSError as exc:
            raise SandboxUnavailable(
                f"cannot prepare the cgroup v2 parent {parent}: {exc} (the parent's parent must "
                "have no processes of its own and be delegated to this user)"
            ) from exc
    return Hierarchy(2, {"unified": parent})


def _enable_controllers(directory: str) -> None:
    control = os.path.join(directory, "cgroup.subtree_control")
    enabled = set((_read(control) or "").split())
    wanted = [c for c in V2_CONTROLLERS if c not in enabled]
    if wanted:
        _write(control, " ".join(f"+{c}" for c in wanted))


def v1_hierarchy(mounts: dict[str, tuple[str, str]], configured: str | None = None) -> Hierarchy:
    missing = [c for c in V1_REQUIRED if c not in mounts]
    if missing:
        raise SandboxUnavailable(f"cgroup v1 controller(s) not mounted: {', '.join(missing)}")
    relative = (configured or PARENT_NAME).strip("/")
    parents = {}
    for controller in V1_REQUIRED + V1_OPTIONAL:
        if controller in mounts:
            parents[controller] = os.path.join(mounts[controller][0], relative)
    try:
        for parent in dict.fromkeys(parents.values()):
            os.makedirs(parent, exist_ok=True)
            if not os.access(parent, os.W_OK):
                raise PermissionError(errno.EACCES, "not writable", parent)
    except OSError as exc:
        raise SandboxUnavailable(
            f"cannot create job cgroups under {relative!r} of the cgroup v1 hierarchies: {exc} "
            "(run the worker as root, or give it write access to those directories)"
        ) from exc
    return Hierarchy(1, parents)


_cached: Hierarchy | None = None


def hierarchy() -> Hierarchy:
    """Detect cgroup v1 or v2 and prepare the parent(s); SandboxUnavailable with the reason."""
    global _cached
    if _cached is not None and all(os.path.isdir(p) for p in _cached.parents.values()):
        return _cached
    unified, v1 = parse_mountinfo(Path("/proc/self/mountinfo").read_text())
    configured = os.environ.get(PARENT_ENV) or None
    # v2 when the unified hierarchy has the controllers (a pure v2 host); on a
    # hybrid host (v2 at /sys/fs/cgroup/unified, controllers bound to v1), v1.
    v2_controllers = set()
    if unified is not None:
        v2_controllers = set((_read(os.path.join(unified, "cgroup.controllers")) or "").split())
    if unified is not None and set(V2_CONTROLLERS) <= v2_controllers:
        proc_cgroup = _read("/proc/self/cgroup") or ""
        _cached = v2_hierarchy(unified, own_cgroup(proc_cgroup), configured)
    elif v1:
        _cached = v1_hierarchy(v1, configured)
    else:
        raise SandboxUnavailable(
            "no cgroup hierarchy with the pids, memory and cpu controllers is mounted"
        )
    return _cached


def sweep_stale() -> list[str]:
    """Remove job cgroups left by dead workers (killing what is inside first).

    Called by each worker at start. Returns the names removed; cgroups of live
    workers are left alone. Does nothing when cgroups are unavailable here.
    """
    try:
        hier = hierarchy()
    except SandboxError:
        return []
    removed = []
    for name, cgroup in sorted(hier.job_cgroups().items()):
        match = JOB_NAME.fullmatch(name)
        if match is None or _pid_alive(int(match.group(1))):
            continue
        if not cgroup.destroy():
            removed.append(name)
    return removed
