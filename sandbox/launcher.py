"""Host side: build the bubblewrap sandbox, run the supervisor in it, collect.

Layout inside the sandbox (everything read-only but /tmp and /dev/shm):
  /usr, /bin, /sbin, /lib*        the host's system (symlinks on merged-usr)
  /etc                            only ld.so.*, localtime, a generated passwd/group
  <sys.base_prefix>               the host's Python, at the same path
  /supervisor/supervisor.py       the tracer, run as pid 1
  /job                            the job's files
  /tmp (cwd), /dev/shm            size-capped tmpfs

Around it: a per-job cgroup (cgroups.py) that bwrap is placed in before it
starts, and a seccomp filter (seccomp_policy.py) that the supervisor installs
on the main command. `Isolation("none")` runs the supervisor directly, with
none of these: an explicit, development-only choice.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import importlib.util
import json
import marshal
import os
import resource
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import cgroups, seccomp_policy
from .errors import SandboxError, SandboxUnavailable
from .events import (
    MAX_OUTPUT_EVENTS,
    MAX_PROC_READS,
    OUTPUT_CHUNK,
    LineSplitter,
    ObservationBuilder,
)
from .job import Job
from .limits import Limits
from .observations import Observations

#: Host uid/gid the sandbox runs as when we are root (override: env SANDBOX_UID/GID).
DEFAULT_UID = 65534
DEFAULT_GID = 65534
#: Uid/gid and user name the job sees inside.
INNER_UID = 1000
INNER_GID = 1000
INNER_USER = "student"

RESULT_CAP = 1 << 20
READ_CHUNK = 65536
#: A pipe read in small pieces READ_BURST times in a row, each within 2 x READ_PAUSE
#: of the previous, waits READ_PAUSE before the next read (see Run._drain).
READ_PAUSE = 0.002
READ_BURST = 8
#: After a kill, how long we keep draining pipes before giving up on them.
KILL_GRACE = 2.0
SUPERVISOR_PATH = "/supervisor/supervisor.pyc"
JOB_DIR = "/job"
# Paths inside the sandbox: private tmpfs mounts of its own, not the host's.
SCRATCH = "/tmp"  # noqa: S108
SHM = "/dev/shm"  # noqa: S108
SYSTEM_DIRS = ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/localtime")
SUPERVISOR_SOURCE = Path(__file__).with_name("supervisor.py")
INSECURE_WARNING = (
    "INSECURE MODE: the job ran without isolation (no namespaces, cgroups or seccomp), "
    "as uid {uid} with the host's files and network; for development only"
)


@functools.cache
def supervisor_pyc() -> bytes:
    """supervisor.py compiled once per worker process, as an unchecked-hash .pyc.

    Python compiles a script given as source on every start (~5 ms for this
    one); a .pyc runs directly. The sandbox runs the same interpreter.
    """
    source = SUPERVISOR_SOURCE.read_bytes()
    code = compile(source, SUPERVISOR_PATH, "exec", dont_inherit=True)
    flags = (1).to_bytes(4, "little")  # hash-based, unchecked (PEP 552)
    header = importlib.util.MAGIC_NUMBER + flags + importlib.util.source_hash(source)
    return header + marshal.dumps(code)


@dataclass(frozen=True)
class Isolation:
    """How a job is isolated. Anything less than the default is an explicit choice.

    - ``mode="bwrap"`` (default): bubblewrap namespaces, unprivileged uid,
      ``cgroups`` (the job's cgroup: memory, pids, CPU limits and accounting)
      and ``seccomp`` (the system call filter). When cgroups cannot be used
      here, run() raises SandboxUnavailable unless ``cgroups=False`` is passed.
    - ``mode="none"``: INSECURE, development only (machines without user
      namespaces): the supervisor runs directly as a child subreaper, without
      namespaces, cgroups or seccomp; limits are rlimits only.
    """

    mode: str = "bwrap"
    cgroups: bool = True
    seccomp: bool = True

    def __post_init__(self) -> None:
        if self.mode not in ("bwrap", "none"):
            raise ValueError(f"isolation mode must be 'bwrap' or 'none', not {self.mode!r}")
        if self.mode == "none" and (self.cgroups or self.seccomp):
            object.__setattr__(self, "cgroups", False)
            object.__setattr__(self, "seccomp", False)

    @classmethod
    def of(cls, value: str | Isolation) -> Isolation:
        if isinstance(value, Isolation):
            return value
        if isinstance(value, str):
            return cls(mode=value)
        raise ValueError(f"isolation must be 'bwrap', 'none' or an Isolation, not {value!r}")

    @property
    def sandboxed(self) -> bool:
        return self.mode == "bwrap"


def sandbox_ids() -> tuple[int, int]:
    """Host uid/gid for the job when running as root."""
    try:
        uid = int(os.environ.get("SANDBOX_UID", DEFAULT_UID))
        gid = int(os.environ.get("SANDBOX_GID", DEFAULT_GID))
    except ValueError as exc:
        raise SandboxError(f"SANDBOX_UID/SANDBOX_GID must be integers: {exc}") from exc
    if uid <= 0 or gid <= 0:
        raise SandboxError("SANDBOX_UID/SANDBOX_GID must not be root")
    return uid, gid


def find_bwrap() -> str:
    """The bwrap binary: env SANDBOX_BWRAP, else the one on PATH."""
    path = os.environ.get("SANDBOX_BWRAP") or shutil.which("bwrap")
    if not path or not os.access(path, os.X_OK):
        raise SandboxUnavailable(
            f"bubblewrap (bwrap) not found{f' at {path}' if path else ''}: "
            "apt-get install bubblewrap"
        )
    return path


def host_python() -> tuple[str, list[str]]:
    """The host's real interpreter and the host directories it needs.

    A venv's python is a symlink (or copy) of the base interpreter; the job
    only uses the stdlib, so the base installation is all we bind.
    """
    prefix = os.path.realpath(sys.base_prefix)
    exe = os.path.realpath(sys.executable)
    if not exe.startswith(prefix + os.sep):
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        for name in (version, "python3"):
            candidate = os.path.join(prefix, "bin", name)
            if os.access(candidate, os.X_OK):
                exe = os.path.realpath(candidate)
                break
    needed = [prefix, os.path.realpath(sys.base_exec_prefix), os.path.dirname(exe)]
    dirs: list[str] = []
    for path in needed:
        if not _covered(path, ["/usr", *dirs]):
            dirs.append(path)
    return exe, dirs


def _covered(path: str, roots: list[str]) -> bool:
    return any(path == root or path.startswith(root.rstrip("/") + "/") for root in roots)


class Staging(contextlib.ExitStack):
    """Host-side files and fds of one run; everything is removed on exit.

    Layout: ROOT (0711, ours) / job (0700, the sandbox uid) and, when we are
    root, ROOT / python-N: empty mount points for the host's Python.
    """

    def __init__(self, job: Job, owner: tuple[int, int] | None, scratch: bool = False) -> None:
        super().__init__()
        self.fds: list[int] = []
        self.writers: list[int] = []
        self.binds: list[tuple[str, str]] = []  # (host source, mount point)
        self.callback(self.close_fds)
        self.callback(lambda: [self.close_writer(fd) for fd in list(self.writers)])
        self.root = tempfile.mkdtemp(prefix="proctor-sandbox-", dir=staging_parent(owner))
        self.callback(shutil.rmtree, self.root, ignore_errors=True)
        try:
            os.chmod(self.root, 0o711)  # noqa: S103 - the sandbox uid may traverse, not list
            self.job_dir = os.path.join(self.root, "job")
            os.mkdir(self.job_dir, 0o700)
            _lay_out(self.job_dir, job, owner)
            self.scratch = ""
            if scratch:  # insecure mode: a host directory instead of a tmpfs
                self.scratch = os.path.join(self.root, "scratch")
                os.mkdir(self.scratch, 0o700)
        except BaseException:
            self.close()  # __exit__ will not run for a failed __init__
            raise

    def reachable(self, path: str) -> str:
        """A path to `path` that the unprivileged bwrap can resolve.

        bwrap realpath()s every bind source as the unprivileged user (even
        /proc/self/fd/N of --ro-bind-fd), so a Python under a 0700 home
        cannot be bound directly. When we are root, the launcher child
        bind-mounts it on a mount point of ours in a private mount namespace
        (see _privilege_drop) before dropping privileges.
        """
        mount_point = os.path.join(self.root, f"python-{len(self.binds)}")
        os.mkdir(mount_point, 0o755)
        self.binds.append((path, mount_point))
        return mount_point

    def config_pipe(self) -> tuple[int, int]:
        """(read end for the sandbox, write end for us): the supervisor's config.

        A pipe, written only once the sandbox is in its cgroup (Run._attach):
        the supervisor blocks on it before starting anything.
        """
        read_end, write_end = os.pipe()
        self.fds.append(read_end)
        self.writers.append(write_end)
        return read_end, write_end

    def close_writer(self, fd: int) -> None:
        if fd in self.writers:
            self.writers.remove(fd)
            _close_quietly(fd)

    def data_fd(self, name: str, data: bytes) -> int:
        fd = os.memfd_create(name, os.MFD_CLOEXEC)
        self.fds.append(fd)
        os.write(fd, data)
        os.lseek(fd, 0, os.SEEK_SET)
        return fd

    def close_fds(self) -> None:
        for fd in self.fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        self.fds.clear()


def staging_parent(owner: tuple[int, int] | None) -> str:
    """Where to create the staging directory (env SANDBOX_TMPDIR, else the temp dir).

    The unprivileged bwrap must be able to traverse every ancestor, so a
    private TMPDIR (0700, as pytest's or a service's) falls back to /tmp.
    """
    configured = os.environ.get("SANDBOX_TMPDIR")
    candidates = [configured] if configured else [tempfile.gettempdir(), "/tmp", "/var/tmp"]  # noqa: S108
    for candidate in candidates:
        if os.path.isdir(candidate) and (owner is None or _traversable(candidate)):
            return candidate
    raise SandboxError(
        f"no temporary directory the sandbox uid can traverse (tried {', '.join(candidates)})"
    )


def _traversable(path: str) -> bool:
    """True if every directory from / to path has the execute bit for others."""
    path = os.path.realpath(path)
    while True:
        if not os.stat(path).st_mode & 0o001:
            return False
        if path == "/":
            return True
        path = os.path.dirname(path)


def _lay_out(root: str, job: Job, owner: tuple[int, int] | None) -> None:
    """Write the job's files; regular files and directories only, never symlinks."""
    for rel, content in job.files.items():
        parent = root
        for part in rel.split("/")[:-1]:
            parent = os.path.join(parent, part)
            if not os.path.isdir(parent):
                os.mkdir(parent, 0o755)
                _chown(parent, owner)
        path = os.path.join(root, rel)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o444)
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        _chown(path, owner)
    os.chmod(root, 0o700)
    _chown(root, owner)


def _chown(path: str, owner: tuple[int, int] | None) -> None:
    if owner is not None:
        os.chown(path, *owner, follow_symlinks=False)


def _passwd() -> bytes:
    return (
        "root:x:0:0:root:/root:/usr/sbin/nologin\n"
        f"{INNER_USER}:x:{INNER_UID}:{INNER_GID}:{INNER_USER}:/tmp:/usr/sbin/nologin\n"
        "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n"
    ).encode()


def _group() -> bytes:
    return f"root:x:0:\n{INNER_USER}:x:{INNER_GID}:\nnogroup:x:65534:\n".encode()


def job_env(job: Job, python: str, job_dir: str = JOB_DIR, home: str = SCRATCH) -> dict[str, str]:
    env = {
        # The interpreter's own bin first: "python3" in a subprocess is the same one.
        "PATH": f"{os.path.dirname(python)}:/usr/local/bin:/usr/bin:/bin",
        "HOME": home,
        "LANG": "C.UTF-8",
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONUNBUFFERED": "1",
        "PYTHONPATH": job_dir,
    }
    if home != SCRATCH:
        env["TMPDIR"] = home
    env.update(job.env)
    return env


def rlimits(limits: Limits, isolation: Isolation) -> dict[str, tuple[int, int]]:
    """rlimits of the main command, inherited by every job process.

    With a cgroup, memory is limited there (all processes together, RAM +
    swap + tmpfs): RLIMIT_AS, which counts address space (thread stacks and
    glibc's 64 MiB arenas per thread) rather than memory, would only fail
    threaded programs early, with a MemoryError no limit report can explain.
    Without one, 4x the limit per process is the only guard left. Likewise
    RLIMIT_NPROC is a loose backstop behind the cgroup's pids limit.
    """
    limited = {
        # Soft limit sends SIGXCPU; one more second and the kernel sends SIGKILL.
        "RLIMIT_CPU": (limits.cpu_seconds, limits.cpu_seconds + 1),
        "RLIMIT_NOFILE": (limits.open_files, limits.open_files),
        "RLIMIT_FSIZE": (limits.file_bytes, limits.file_bytes),
        "RLIMIT_CORE": (0, 0),
    }
    if not isolation.cgroups:
        limited["RLIMIT_AS"] = (4 * limits.memory_bytes,) * 2
    if isolation.mode == "none":
        if os.geteuid() != 0:  # root ignores it; otherwise it counts all our tasks
            nproc = limits.max_processes + 1 + _tasks_of_uid(os.getuid())
            limited["RLIMIT_NPROC"] = (nproc, nproc)
    elif isolation.cgroups:
        limited["RLIMIT_NPROC"] = (2 * limits.max_processes + 8,) * 2
    else:
        # +1: the supervisor (pid 1) runs as the same uid in the same user
        # namespace and counts against the job's limit.
        limited["RLIMIT_NPROC"] = (limits.max_processes + 1,) * 2
    return limited


def _tasks_of_uid(uid: int) -> int:
    count = 0
    for name in os.listdir("/proc"):
        if name.isdigit():
            with contextlib.suppress(OSError):
                info = os.stat(f"/proc/{name}/task")
                if info.st_uid == uid:
                    count += info.st_nlink - 2
    return count


def supervisor_config(
    job: Job,
    limits: Limits,
    isolation: Isolation,
    fds: dict[str, int],
    command: list[str],
    env: dict[str, str],
    outputs: str = "std",
    proc_reads: bool = False,
) -> bytes:
    """The supervisor's configuration, marshal-ed (it runs the same interpreter).

    outputs: which writes the filter traces for attribution ("std": to fds 1
    and 2; "off" and "all" exist for the benchmark). Without a filter, none.
    proc_reads: trace opens, to record those of /proc/<n>/stat(us). Needs the filter.
    """
    traced = isolation.seccomp and outputs != "off"
    proc_reads = isolation.seccomp and proc_reads
    config = {
        "events_fd": fds["events"],
        "result_fd": fds["result"],
        "argv": command,
        "env": env,
        "rlimits": [
            (getattr(resource, name), soft, hard)
            for name, (soft, hard) in rlimits(limits, isolation).items()
        ],
        "seccomp": seccomp_policy.build(outputs, proc_reads)[0] if isolation.seccomp else b"",
        "outputs": {
            "flag": seccomp_policy.OUTPUT_FLAG,
            "kinds": dict(seccomp_policy.OUTPUT_KINDS),
            "cap": limits.output_bytes,
            "max_events": MAX_OUTPUT_EVENTS,
            "chunk": OUTPUT_CHUNK,
        }
        if traced
        else None,
        "proc_reads": {
            "flag": seccomp_policy.PROC_READ_FLAG,
            "kinds": dict(seccomp_policy.PROC_READ_KINDS),
            "max_events": MAX_PROC_READS,
        }
        if proc_reads
        else None,
        "isolated": isolation.sandboxed,
        "scratch": [SCRATCH, SHM] if isolation.sandboxed else [],
        "file_bytes": limits.file_bytes,
    }
    return marshal.dumps(config)


def bwrap_argv(
    stage: Staging,
    job: Job,
    limits: Limits,
    isolation: Isolation,
    fds: dict[str, int],
    privileged: bool,
    outputs: str = "std",
    proc_reads: bool = False,
) -> tuple[list[str], bytes]:
    """bwrap's command line, and the supervisor's config to send on fds["config"]."""
    python, python_dirs = host_python()
    argv = [find_bwrap(), "--unshare-all", "--die-with-parent", "--new-session", "--as-pid-1"]
    argv += ["--hostname", "sandbox", "--clearenv", "--uid", str(INNER_UID)]
    argv += ["--gid", str(INNER_GID), "--ro-bind", "/usr", "/usr"]
    for path in SYSTEM_DIRS:
        if os.path.islink(path):
            argv += ["--symlink", os.readlink(path), path]
        elif os.path.isdir(path):
            argv += ["--ro-bind", path, path]
    for path in ETC_FILES:
        argv += ["--ro-bind-try", path, path]
    argv += ["--perms", "0444", "--ro-bind-data", str(stage.data_fd("passwd", _passwd()))]
    argv += ["/etc/passwd", "--perms", "0444", "--ro-bind-data"]
    argv += [str(stage.data_fd("group", _group())), "/etc/group"]
    argv += ["--proc", "/proc", "--dev", "/dev"]
    argv += ["--size", str(limits.scratch_bytes), "--tmpfs", SCRATCH]
    argv += ["--size", str(limits.shm_bytes), "--tmpfs", SHM]
    for path in python_dirs:
        source = stage.reachable(path) if privileged else path
        argv += ["--ro-bind", source, path]
    argv += ["--ro-bind", stage.job_dir, JOB_DIR]
    supervisor = stage.data_fd("supervisor", supervisor_pyc())
    argv += ["--perms", "0444", "--ro-bind-data", str(supervisor)]
    argv += [SUPERVISOR_PATH, "--chdir", SCRATCH, "--info-fd", str(fds["info"])]
    # bwrap's root and /dev are tmpfs of its own, writable by the job and not
    # size-capped: read-only once set up, so /tmp and /dev/shm are all it can write.
    argv += ["--remount-ro", "/dev", "--remount-ro", "/"]
    command = [python if job.argv[0] == "python3" else job.argv[0], *job.argv[1:]]
    env = job_env(job, python)
    config = supervisor_config(job, limits, isolation, fds, command, env, outputs, proc_reads)
    return [*argv, "--", python, "-I", "-S", SUPERVISOR_PATH, str(fds["config"])], config


def insecure_argv(
    stage: Staging, job: Job, limits: Limits, fds: dict[str, int]
) -> tuple[list[str], bytes]:
    """The supervisor run directly on the host; /job paths point at the staging copy."""
    python, _dirs = host_python()

    def host_path(arg: str) -> str:
        if arg == JOB_DIR or arg.startswith(JOB_DIR + "/"):
            return stage.job_dir + arg[len(JOB_DIR) :]
        return arg

    command = [python if job.argv[0] == "python3" else host_path(job.argv[0])]
    command += [host_path(arg) for arg in job.argv[1:]]
    env = job_env(job, python, stage.job_dir, stage.scratch)
    config = supervisor_config(job, limits, Isolation("none"), fds, command, env)
    supervisor = os.path.join(stage.root, "supervisor.pyc")
    with open(supervisor, "wb") as f:
        f.write(supervisor_pyc())
    return [python, "-I", "-S", supervisor, str(fds["config"])], config


class Capture:
    """A pipe we drain: keep up to `cap` bytes, discard (but keep reading) the rest."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        self.data = bytearray()
        self.truncated = False

    def feed(self, chunk: bytes) -> None:
        room = self.cap - len(self.data)
        if len(chunk) > room:
            self.truncated = True
            chunk = chunk[: max(room, 0)]
        self.data += chunk


class Run:
    """One sandbox (bwrap, or the bare supervisor in insecure mode) and its pipes."""

    def __init__(
        self,
        job: Job,
        limits: Limits,
        isolation: Isolation,
        outputs: str = "std",
        proc_reads: bool = False,
    ) -> None:
        """outputs: "std" (attribute writes to fds 1 and 2: always, through run());
        "off" or "all" only for bench/sandbox_overhead.py (see seccomp_policy).
        proc_reads: record opens of /proc/<n>/stat and /proc/<n>/status (run())."""
        if outputs not in seccomp_policy.OUTPUT_MODES:
            raise ValueError(f"outputs must be one of {seccomp_policy.OUTPUT_MODES}")
        if not isinstance(proc_reads, bool):
            raise ValueError(f"proc_reads must be a bool, not {proc_reads!r}")
        self.job, self.limits, self.isolation, self.outputs = job, limits, isolation, outputs
        self.proc_reads = proc_reads
        self.builder = ObservationBuilder(output_cap=limits.output_bytes)
        self.splitter = LineSplitter()
        self.captures = {
            "stdout": Capture(limits.output_bytes),
            "stderr": Capture(limits.output_bytes),
            "result": Capture(RESULT_CAP),
        }
        self.info = bytearray()
        self.pidfd: int | None = None
        self.child: int | None = None
        self.timed_out = False
        self.killed = False
        self.killed_bwrap = False
        self.stats: cgroups.CgroupStats | None = None
        #: time.monotonic() at each stage, for bench/sandbox_overhead.py.
        self.marks: dict[str, float] = {}

    def execute(self) -> Observations:
        mark = self.marks.__setitem__
        mark("start", time.monotonic())
        sandboxed = self.isolation.sandboxed
        if sandboxed:
            find_bwrap()  # fail early with the install hint
        owner = sandbox_ids() if sandboxed and os.geteuid() == 0 else None
        # The cgroup first: no cgroups here is an error unless explicitly waived.
        cgroup = cgroups.hierarchy().create(self.limits) if self.isolation.cgroups else None
        mark("cgroup_created", time.monotonic())
        try:
            with Staging(self.job, owner, scratch=not sandboxed) as stage, _pipes() as pipes:
                mark("staged", time.monotonic())
                child_fds = {name: w for name, (_r, w) in pipes.items()}
                child_fds["config"], config_writer = stage.config_pipe()
                if sandboxed:
                    argv, config = bwrap_argv(
                        stage,
                        self.job,
                        self.limits,
                        self.isolation,
                        child_fds,
                        owner is not None,
                        self.outputs,
                        self.proc_reads,
                    )
                else:
                    argv, config = insecure_argv(stage, self.job, self.limits, child_fds)
                start = time.monotonic()
                mark("argv_built", start)
                proc = self._spawn(argv, pipes, stage, owner)
                mark("spawned", time.monotonic())
                stage.close_fds()  # the child has its copies
                readers = {name: r for name, (r, _w) in pipes.items()}
                try:
                    self._attach(proc, readers["info"], cgroup)
                    mark("attached", time.monotonic())
                    _send(config_writer, config)
                    stage.close_writer(config_writer)  # EOF: the supervisor starts
                    self._drain(proc, readers, start)
                    mark("drained", time.monotonic())
                except BaseException:
                    self._kill(proc)  # e.g. KeyboardInterrupt: do not wait for the deadline
                    raise
                finally:
                    self._reap(proc)
                wall = time.monotonic() - start
                mark("reaped", start + wall)
        finally:
            mark("unstaged", time.monotonic())
            if cgroup is not None:
                self.stats = cgroup.stats()
                for problem in cgroup.warnings + cgroup.destroy():
                    self.builder.warn(problem)
            mark("cgroup_removed", time.monotonic())
        obs = self._observations(wall)
        mark("end", time.monotonic())
        return obs

    def _spawn(
        self,
        argv: list[str],
        pipes: dict[str, tuple[int, int]],
        stage: Staging,
        owner: tuple[int, int] | None,
    ) -> subprocess.Popen:
        write_ends = {name: w for name, (_r, w) in pipes.items()}
        preexec = None if owner is None else _privilege_drop(stage.binds, owner)
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=write_ends["stdout"],
                stderr=write_ends["stderr"],
                pass_fds=[write_ends[n] for n in ("result", "events", "info")] + stage.fds,
                cwd=stage.scratch or "/",
                env={"LANG": "C.UTF-8"},
                start_new_session=True,  # its own process group, for killpg
                preexec_fn=preexec,  # None unless root; system calls only (see _privilege_drop)
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise SandboxError(f"cannot start the sandbox: {exc}") from exc
        for name, (r, w) in list(pipes.items()):
            os.close(w)  # only the sandbox holds write ends now: EOF means it is gone
            pipes[name] = (r, -1)
        if not self.isolation.sandboxed:
            # No bwrap: our child is the supervisor itself. Killing it kills
            # every tracee (PTRACE_O_EXITKILL).
            with contextlib.suppress(OSError):
                self.pidfd = os.pidfd_open(proc.pid)
        return proc

    def _attach(
        self, proc: subprocess.Popen, info_fd: int, cgroup: cgroups.JobCgroup | None
    ) -> None:
        """Move bwrap and the sandbox's pid 1 into the job cgroup, before any job process.

        Done here, while bwrap sets up the namespaces and the supervisor's
        interpreter starts, rather than in bwrap's preexec: on cgroup v1 a
        migration waits for an RCU grace period (the threadgroup rwsem),
        10-20 ms measured here, which would otherwise add to every run. The
        supervisor starts nothing before it has its config, sent after this.
        Only bwrap and pid 1 exist by then (bwrap forks nothing else).
        """
        if cgroup is None:
            return
        if self.isolation.sandboxed:
            child = self._child_pid(info_fd, time.monotonic() + KILL_GRACE)
            if child is None:
                return  # bwrap failed early: its stderr tells why (see _observations)
            pids = [proc.pid, child]
        else:
            pids = [proc.pid]
        try:
            cgroup.attach(pids)
        except OSError as exc:
            raise SandboxError(f"cannot move the sandbox into its cgroup: {exc}") from exc

    def _child_pid(self, info_fd: int, deadline: float) -> int | None:
        """bwrap's child (our pid 1), from --info-fd; None if bwrap ended first."""
        while self.pidfd is None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not _wait_readable(info_fd, remaining):
                return None
            chunk = os.read(info_fd, READ_CHUNK)
            if not chunk:
                return None
            self._on_info(chunk)
        return self.child

    def _drain(self, proc: subprocess.Popen, readers: dict[str, int], start: float) -> None:
        deadline = start + self.limits.wall_seconds
        # fd -> (name, when to read it again). A pipe read in small pieces
        # READ_BURST times in a row, each soon after the previous one, waits
        # READ_PAUSE before its next read, and so on while that lasts: a
        # stream of small writes (output events: one per write of the job) is
        # then read in batches, not with one wake-up of ours per write, which
        # slows the job's writes as much as the tracing itself on a busy
        # machine. A few events in a row (a normal run) are never delayed.
        # The pipe buffer (64 KiB) holds far more than a pause's worth.
        paused: dict[int, tuple[str, float]] = {}
        last_read: dict[int, float] = {}
        burst: dict[int, int] = {}
        with selectors.DefaultSelector() as sel:
            for name, fd in readers.items():
                os.set_blocking(fd, False)
                sel.register(fd, selectors.EVENT_READ, name)
            while sel.get_map() or paused:
                now = time.monotonic()
                for fd, (name, until) in list(paused.items()):
                    if until <= now:
                        del paused[fd]
                        sel.register(fd, selectors.EVENT_READ, name)
                remaining = deadline - now
                if remaining > 0:
                    wake = min((until for _name, until in paused.values()), default=deadline)
                    for key, _mask in sel.select(min(wake, deadline) - now):
                        size = self._read(sel, key)
                        if size <= 0 or size >= READ_CHUNK // 2:
                            continue  # EOF (unregistered), or a big read: read on
                        now = time.monotonic()
                        # (2x: the read right after a pause still counts as quick)
                        quick = now - last_read.get(key.fd, 0.0) < 2 * READ_PAUSE
                        burst[key.fd] = burst.get(key.fd, 0) + 1 if quick else 0
                        last_read[key.fd] = now
                        if burst[key.fd] >= READ_BURST:
                            sel.unregister(key.fd)
                            paused[key.fd] = (key.data, now + READ_PAUSE)
                elif not self.killed:
                    self._kill(proc)
                    deadline = time.monotonic() + KILL_GRACE
                elif not self.killed_bwrap:
                    self._kill_bwrap(proc)
                    deadline = time.monotonic() + KILL_GRACE
                else:
                    self.builder.warn("sandbox pipes still open after the kill")
                    return

    def _read(self, sel: selectors.BaseSelector, key: selectors.SelectorKey) -> int:
        """Read what is there: its size, 0 at EOF (the pipe is then unregistered)."""
        try:
            chunk = os.read(key.fd, READ_CHUNK)
        except BlockingIOError:
            return -1
        if not chunk:
            sel.unregister(key.fd)
            return 0
        name = key.data
        if name == "events":
            for line in self.splitter.feed(chunk):
                self.builder.feed_line(line)
        elif name == "info":
            self._on_info(chunk)
        else:
            self.captures[name].feed(chunk)
        return len(chunk)

    def _on_info(self, chunk: bytes) -> None:
        # bwrap's --info-fd: {"child-pid": N}, the host pid of our pid 1. A pidfd
        # on it lets us kill it directly and wait until the namespace is empty.
        self.info += chunk[:4096]
        if self.pidfd is not None:
            return
        try:
            pid = int(json.loads(self.info)["child-pid"])
            self.pidfd = os.pidfd_open(pid)
            self.child = pid
        except (ValueError, KeyError, TypeError, OSError):
            pass

    def _kill(self, proc: subprocess.Popen) -> None:
        """Wall clock exceeded: SIGKILL the sandbox's pid 1, the namespace dies with it.

        Killing pid 1 rather than bwrap lets bwrap reap it and exit normally;
        killing bwrap first would orphan pid 1 to the host's init. In insecure
        mode pid 1 is our child, the supervisor: its tracees die with it.
        """
        if self.killed:
            return
        self.killed = True
        if not self.builder.main_ended:
            self.timed_out = True
        else:
            self.builder.warn("the sandbox did not finish after the main command exited")
        if self.pidfd is None:
            self._kill_bwrap(proc)
            return
        with contextlib.suppress(OSError):
            signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)

    def _kill_bwrap(self, proc: subprocess.Popen) -> None:
        # Last resort: --die-with-parent makes the kernel kill pid 1 as well.
        self.killed_bwrap = True
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)

    def _reap(self, proc: subprocess.Popen) -> None:
        """Wait for bwrap and for the sandbox's pid 1: then nothing is left."""
        for escalate in (self._kill, self._kill_bwrap):
            try:
                proc.wait(timeout=KILL_GRACE)
                break
            except subprocess.TimeoutExpired:
                escalate(proc)  # only if draining ended abnormally
        else:
            proc.wait()
        if self.pidfd is None:
            return
        try:
            # Once pid 1 of the namespace is gone, the kernel has already
            # killed and reaped every other process in it.
            if not _wait_readable(self.pidfd, KILL_GRACE):
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
                _wait_readable(self.pidfd, None)
        finally:
            os.close(self.pidfd)
            self.pidfd = None

    def _observations(self, wall: float) -> Observations:
        b = self.builder
        if b.fatal is not None:
            raise SandboxError(b.fatal)
        if b.t0 is None:
            detail = bytes(self.captures["stderr"].data).decode(errors="replace").strip()
            raise SandboxError(f"the sandbox did not start: {detail or 'no output'}")
        if self.splitter.dropped:
            b.warn(f"{self.splitter.dropped} over-long supervisor event(s) dropped")
        if not self.isolation.sandboxed:
            b.warn(INSECURE_WARNING.format(uid=os.geteuid()))
        elif not self.isolation.cgroups:
            b.warn("no cgroup: memory is limited per process (RLIMIT_AS), not per job")
        if self.isolation.sandboxed and not self.isolation.seccomp:
            b.warn("no seccomp filter: every system call was allowed, no output attributed")
        if self.proc_reads and not self.isolation.seccomp:
            b.warn("proc_reads asked for, but without a seccomp filter no open is seen")
        io = {}
        for name, capture in self.captures.items():
            io[name] = bytes(capture.data)
            io[f"{name}_truncated"] = capture.truncated
        names = (
            seccomp_policy.build(self.outputs, self.proc_reads)[1] if self.isolation.seccomp else {}
        )
        return b.build(
            io,
            self.limits,
            wall,
            self.timed_out,
            stats=self.stats,
            sandboxed=self.isolation.sandboxed,
            syscall_names=names,
            outputs_traced=self.isolation.seccomp and self.outputs != "off",
        )


_libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNS = 0x00020000
MS_BIND = 0x1000
MS_REC = 0x4000
MS_SLAVE = 0x80000


def _privilege_drop(binds: list[tuple[str, str]], owner: tuple[int, int]) -> Callable[[], None]:
    """preexec_fn for bwrap when we are root: private mounts, then drop to owner.

    Runs in the forked child before exec: only direct system calls here.
    """
    encoded = [(src.encode(), dst.encode()) for src, dst in binds]
    uid, gid = owner

    def preexec() -> None:
        if encoded:
            _check(_libc.unshare(CLONE_NEWNS), "unshare(CLONE_NEWNS)")
            # Slave: our binds below never propagate back to the host.
            _check(_libc.mount(b"none", b"/", None, MS_REC | MS_SLAVE, None), "make / slave")
            for src, dst in encoded:
                _check(_libc.mount(src, dst, None, MS_BIND | MS_REC, None), "bind python")
        os.setgroups([])
        os.setgid(gid)
        os.setuid(uid)

    return preexec


def _send(fd: int, data: bytes) -> None:
    """Write the supervisor's config; EPIPE means it is gone (reported later)."""
    with contextlib.suppress(BrokenPipeError):
        while data:
            data = data[os.write(fd, data) :]


def _close_quietly(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


def _check(result: int, what: str) -> None:
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def _wait_readable(fd: int, timeout: float | None) -> bool:
    with selectors.DefaultSelector() as sel:
        sel.register(fd, selectors.EVENT_READ)
        return bool(sel.select(timeout))


@contextlib.contextmanager
def _pipes() -> Iterator[dict[str, tuple[int, int]]]:
    pipes: dict[str, tuple[int, int]] = {}
    try:
        for name in ("stdout", "stderr", "result", "events", "info"):
            pipes[name] = os.pipe()
        yield pipes
    finally:
        for r, w in pipes.values():
            for fd in (r, w):
                if fd >= 0:
                    with contextlib.suppress(OSError):
                        os.close(fd)


def run(
    job: Job, limits: Limits, isolation: str | Isolation = "bwrap", *, proc_reads: bool = False
) -> Observations:
    """Run a job in a fresh sandbox and report what its processes did.

    Never raises because of what the job does; raises SandboxError when the
    sandbox itself cannot work (bwrap missing, namespaces refused...) and
    SandboxUnavailable when cgroups cannot be used (unless isolation says
    cgroups=False). ``isolation="none"`` is the insecure development mode.
    ``proc_reads=True`` records each open of /proc/<n>/stat or /proc/<n>/status
    with n's state at that moment (``Observations.proc_reads``); it costs a
    tracer stop per open of any file, so it is off unless an exercise needs it.
    """
    return Run(job, limits, Isolation.of(isolation), proc_reads=proc_reads).execute()


def check_available(isolation: str | Isolation = "bwrap") -> None:
    """Quick probe: raise SandboxUnavailable(reason) if jobs cannot run here."""
    isolation = Isolation.of(isolation)
    bwrap = find_bwrap() if isolation.sandboxed else "the supervisor"
    probe = Job(files={}, argv=("python3", "-S", "-c", "print(1)"))
    try:
        obs = run(probe, Limits(wall_seconds=15), isolation)
    except SandboxUnavailable:
        raise
    except SandboxError as exc:
        raise SandboxUnavailable(explain(str(exc), bwrap)) from exc
    if obs.stdout != b"1\n" or obs.exit_code != 0 or not obs.processes:
        detail = obs.stderr.decode(errors="replace").strip()[-500:]
        raise SandboxUnavailable(f"the probe job failed (exit {obs.exit_code}): {detail}")


def explain(message: str, bwrap: str) -> str:
    """Turn a bwrap/supervisor failure into an actionable reason."""
    lowered = message.lower()
    if "ptrace" in lowered:
        hint = "ptrace is refused: check kernel.yama.ptrace_scope (must be < 3) and seccomp"
    elif "namespace" in lowered or "uid map" in lowered or "setting up uid" in lowered:
        hint = (
            "user namespaces are unavailable: check sysctl user.max_user_namespaces (> 0), "
            "kernel.unprivileged_userns_clone=1 (Debian) and "
            "kernel.apparmor_restrict_unprivileged_userns=0 (Ubuntu)"
        )
    else:
        hint = f"{bwrap} failed"
    return f"{hint}: {message}"
