"""The escape suite: students' attacks on run-in-child, graded by the real engine and sandbox.

Each file in attacks/ is a whole submission, as a student would send it, with a header:

    # attack: what it tries
    # expect-note: a substring of the verdict's notes or of a failed check's message (may repeat)
    # expect-passed: yes | no          (optional)

Before grading, these placeholders are replaced by what the session set up on the host:
{LISTENER_PORT} (a TCP listener, and a UDP socket, on 127.0.0.1), {ABSTRACT_SOCKET} (the
name, without the leading NUL, of an abstract unix socket the test listens on),
{CANARY_FILE} (a root-only file holding the secret), {HOST_WRITE_TARGET} (a host path in a
world-writable directory that must never be created), {OTHER_JOB_FILE} (a file laid out like
another job's staging directory, readable by the sandbox uid, holding the secret) and
{APP_DIR} (the project directory; a session file in its var/ holds the secret too). The
secret itself is never given: attacks must find it, and it must never show in a verdict.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import glob
import hashlib
import os
import re
import secrets
import select
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from grader import engine
from sandbox.launcher import staging_parent

from ..conftest import CONTENT
from ..grader.conftest import require_sandbox
from ..grader.test_exercises import spec_of

ATTACKS_DIR = Path(__file__).with_name("attacks")
APP_DIR = Path(__file__).resolve().parents[2]
RUN_IN_CHILD = CONTENT / "processes" / "exercises" / "run-in-child"
MiB = 2**20
#: Tighter than the exercise's own limits, so that the suite stays short; a correct
#: solution still passes well within them.
ESCAPE_LIMITS = {
    "wall_seconds": 8.0,
    "cpu_seconds": 1,
    "memory_bytes": 256 * MiB,
    "max_processes": 32,
    "scratch_bytes": 16 * MiB,
    "shm_bytes": 16 * MiB,
    "file_bytes": 8 * MiB,
}
#: Grading may take the wall limit plus this much (sandbox start, kill grace, checks).
GRACE_SECONDS = 5.0
HEADER_KEYS = {"attack", "expect-note", "expect-passed"}
PLACEHOLDERS = {
    "LISTENER_PORT",
    "ABSTRACT_SOCKET",
    "CANARY_FILE",
    "HOST_WRITE_TARGET",
    "OTHER_JOB_FILE",
    "APP_DIR",
}
#: Paths on the host that attacks try to create by name ("proctor-escape-written").
WRITTEN_NAME = "proctor-escape-written"
FORBIDDEN_PATHS = [
    Path("/", WRITTEN_NAME),
    Path("/etc", WRITTEN_NAME),
    Path("/usr", WRITTEN_NAME),
    Path("/usr/local", WRITTEN_NAME),
    Path("/var/tmp", WRITTEN_NAME),
    Path(tempfile.gettempdir(), WRITTEN_NAME),
]
#: Where job cgroups live when the sandbox makes them: `proctor` in each v1 hierarchy, or in v2.
CGROUP_PARENTS = "/sys/fs/cgroup/*/proctor", "/sys/fs/cgroup/proctor"


# --- attacks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attack:
    name: str
    source: str
    description: str
    notes: tuple[str, ...]
    passed: bool | None

    @classmethod
    def load(cls, path: Path) -> Attack:
        source = path.read_text()
        header: dict[str, list[str]] = {}
        for line in source.splitlines():
            found = re.fullmatch(r"# ([a-z-]+): (.+)", line)
            if not found:
                break
            key, value = found.groups()
            assert key in HEADER_KEYS, f"{path.name}: unknown header {key!r}"
            header.setdefault(key, []).append(value.strip())
        assert header.get("attack"), f"{path.name}: the header must say what it attacks"
        passed = header.get("expect-passed", [None])[-1]
        assert passed in {None, "yes", "no"}, f"{path.name}: expect-passed is yes or no"
        return cls(
            name=path.stem,
            source=source,
            description=header["attack"][0],
            notes=tuple(header.get("expect-note", ())),
            passed=None if passed is None else passed == "yes",
        )

    def code(self, host: Host) -> str:
        values = host.placeholders()
        return re.sub(r"\{([A-Z_]+)\}", lambda m: values.get(m.group(1), m.group(0)), self.source)


ATTACKS = [Attack.load(path) for path in sorted(ATTACKS_DIR.glob("*.py"))]


# --- the host side of the session ----------------------------------------------------------


@dataclass
class Host:
    """What the session planted on the host, and how to watch it."""

    secret: str
    uid: int
    staging: Path
    canary_file: Path
    host_dir: Path
    write_target: Path
    other_job_file: Path
    var_canary: Path
    tcp: socket.socket
    udp: socket.socket
    abstract: socket.socket
    abstract_name: str
    spec: engine.ExerciseSpec
    watched: list[Path] = field(default_factory=list)
    host_secrets: dict[str, str] = field(default_factory=dict)

    @property
    def port(self) -> int:
        return self.tcp.getsockname()[1]

    def placeholders(self) -> dict[str, str]:
        return {
            "LISTENER_PORT": str(self.port),
            "ABSTRACT_SOCKET": self.abstract_name,
            "CANARY_FILE": str(self.canary_file),
            "HOST_WRITE_TARGET": str(self.write_target),
            "OTHER_JOB_FILE": str(self.other_job_file),
            "APP_DIR": str(APP_DIR),
        }

    def state(self) -> HostState:
        return HostState(
            files={str(p): fingerprint(p) for p in self.watched},
            listings={str(d): listing(d) for d in (APP_DIR, APP_DIR / "var", self.host_dir)},
            cgroups=job_cgroups(),
            staging=set(os.listdir(self.staging)),
        )


@dataclass(frozen=True)
class HostState:
    files: dict[str, tuple | None]
    listings: dict[str, dict[str, int]]  # directory -> {name: owner uid}
    cgroups: set[str]
    staging: set[str]


def fingerprint(path: Path) -> tuple | None:
    try:
        info = path.stat()
        return (hashlib.sha256(path.read_bytes()).hexdigest(), info.st_mtime_ns, info.st_mode)
    except OSError:
        return None


def listing(directory: Path) -> dict[str, int]:
    owners = {}
    for name in os.listdir(directory):
        with contextlib.suppress(OSError):  # gone in between: another session's temporary file
            owners[name] = os.lstat(directory / name).st_uid
    return owners


def job_cgroups() -> set[str]:
    """Every cgroup below a `proctor` parent (a job's, or one it made)."""
    found = set()
    for parent in [p for pattern in CGROUP_PARENTS for p in glob.glob(pattern)]:
        found |= {path for path, _dirs, _files in os.walk(parent) if path != parent}
    return found


@pytest.fixture(scope="session")
def host() -> Iterator[Host]:
    """Plant the secret, open the listeners, give the sandbox a uid and staging dir of ours."""
    uid = secrets.randbelow(700_000) + 200_000
    secret = f"canary-{secrets.token_hex(16)}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SANDBOX_UID", str(uid))
        patch.setenv("SANDBOX_GID", str(uid))
        patch.setenv("PROCTOR_CANARY", secret)
        owner = (uid, uid) if os.geteuid() == 0 else None
        parent = staging_parent(owner)
        staging = Path(tempfile.mkdtemp(prefix="proctor-escape-staging-", dir=parent))
        staging.chmod(0o711)
        patch.setenv("SANDBOX_TMPDIR", str(staging))
        secret_dir = Path(tempfile.mkdtemp(prefix="proctor-escape-canary-"))  # 0700, ours
        host_dir = Path(tempfile.mkdtemp(prefix="proctor-escape-host-", dir=parent))
        host_dir.chmod(0o1777)  # anyone could create the write target, if they could see it
        var_canary = APP_DIR / "var" / f"escape-canary-{secrets.token_hex(4)}.txt"
        sockets = listeners()
        try:
            canary_file = write(secret_dir / "canary", f"{secret}\n", 0o600)
            other_job_file = plant_other_job(host_dir, secret, owner)
            write(host_dir / "host-notes.txt", f"{secret}\n", 0o644)
            write(var_canary, f"{secret}\n", 0o644)
            spec = spec_of(RUN_IN_CHILD)
            spec = dataclasses.replace(spec, limits={**spec.limits, **ESCAPE_LIMITS})
            host = Host(
                secret=secret,
                uid=uid,
                staging=staging,
                canary_file=canary_file,
                host_dir=host_dir,
                write_target=host_dir / "written-by-the-sandbox",
                other_job_file=other_job_file,
                var_canary=var_canary,
                spec=spec,
                **sockets,
            )
            host.watched = [
                canary_file,
                other_job_file,
                var_canary,
                Path("/etc/shadow"),
                Path("/etc/passwd"),
                Path("/etc/hosts"),
                APP_DIR / "manage.py",
                APP_DIR / "var" / "secret_key",
                APP_DIR / "var" / "proctor.sqlite3",
                RUN_IN_CHILD / "solution.py",
            ]
            host.host_secrets = host_secrets()
            yield host
        finally:
            for sock in sockets.values():
                if isinstance(sock, socket.socket):
                    sock.close()
            var_canary.unlink(missing_ok=True)
            shutil.rmtree(secret_dir, ignore_errors=True)
            shutil.rmtree(host_dir, ignore_errors=True)
            shutil.rmtree(staging, ignore_errors=True)


def write(path: Path, text: str, mode: int) -> Path:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


def plant_other_job(host_dir: Path, secret: str, owner: tuple[int, int] | None) -> Path:
    """A staging directory as a concurrent run of the same sandbox uid would have it."""
    job = host_dir / "proctor-sandbox-victim" / "job"
    job.mkdir(parents=True)
    job.parent.chmod(0o711)
    path = write(job / "solution.py", f"# another student's work\nSECRET = {secret!r}\n", 0o444)
    if owner is not None:
        for p in (path, job):
            os.chown(p, *owner)
    job.chmod(0o700)
    return path


def listeners() -> dict[str, object]:
    tcp = socket.create_server(("127.0.0.1", 0))
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", tcp.getsockname()[1]))
    name = f"proctor-canary-{secrets.token_hex(8)}"
    abstract = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    abstract.bind(f"\0{name}")
    abstract.listen()
    for sock in (tcp, udp, abstract):
        sock.setblocking(False)
    return {"tcp": tcp, "udp": udp, "abstract": abstract, "abstract_name": name}


def host_secrets() -> dict[str, str]:
    """Other host contents that must not reach a verdict: the app's key, root's password hash."""
    found = {}
    with contextlib.suppress(OSError):
        key = (APP_DIR / "var" / "secret_key").read_text().strip()
        if len(key) >= 16:
            found["var/secret_key"] = key
    with contextlib.suppress(OSError):
        for line in Path("/etc/shadow").read_text().splitlines():
            fields = line.split(":")
            if len(fields) > 1 and len(fields[1]) >= 16:
                found[f"/etc/shadow hash of {fields[0]}"] = fields[1]
    return found


# --- the checks, each returning the problems it found --------------------------------------


def leaked_secrets(report: dict, host: Host) -> list[str]:
    """Where in the verdict the secret (or another host secret) shows, in any usual encoding."""
    raw = host.secret.encode()
    forms = {
        "the secret": host.secret,
        "the secret (hex)": raw.hex(),
        "the secret (base64)": base64.b64encode(raw).decode(),
        "the secret's random part": host.secret.removeprefix("canary-"),
    }
    forms |= host.host_secrets
    problems = []
    for where, text in strings_in(report):
        for name, value in forms.items():
            if value in text:
                problems.append(f"{name} leaked into the verdict at {where}")
    return problems


def strings_in(value: object, where: str = "verdict") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield where, str(key)
            yield from strings_in(item, f"{where}.{key}")
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from strings_in(item, f"{where}[{index}]")


def contacts(host: Host) -> list[str]:
    """Connections or datagrams that reached the host's listeners (drained, so reported once)."""
    problems = []
    for name, sock in (("TCP listener", host.tcp), ("abstract socket", host.abstract)):
        while select.select([sock], [], [], 0)[0]:
            try:
                conn, peer = sock.accept()
            except BlockingIOError:
                break
            conn.close()
            problems.append(f"the {name} received a connection from {peer!r}")
    while select.select([host.udp], [], [], 0)[0]:
        try:
            data, peer = host.udp.recvfrom(65536)
        except BlockingIOError:
            break
        problems.append(f"the UDP socket received {data[:60]!r} from {peer!r}")
    return problems


def host_changes(host: Host, before: HostState) -> list[str]:
    after = host.state()
    problems = [
        f"{path} changed (sha256, mtime or mode)"
        for path, seen in before.files.items()
        if after.files[path] != seen
    ]
    # Our own directory must not change at all. The app dir is shared with whoever else works
    # on this machine (their test databases come and go): there, what the sandbox could have
    # made is an entry owned by its uid or named like an attack's file; the files that matter
    # in it are watched above.
    for directory, names in before.listings.items():
        added = set(after.listings[directory]) - set(names)
        removed = set(names) - set(after.listings[directory])
        if directory != str(host.host_dir):
            owners = after.listings[directory]
            added = {n for n in added if owners[n] == host.uid or WRITTEN_NAME in n}
            removed = set()
        if added or removed:
            problems.append(f"{directory}: added {sorted(added)}, removed {sorted(removed)}")
    problems += [f"{p} was created" for p in [host.write_target, *FORBIDDEN_PATHS] if p.exists()]
    return problems


def missing_notes(verdict, attack: Attack) -> list[str]:
    said = list(verdict.notes) + [c.message for c in verdict.checks if not c.passed]
    return [
        f"expected note {note!r} is missing; the verdict said: {said!r}"
        for note in attack.notes
        if not any(note in text for text in said)
    ]


def wrong_outcome(verdict, attack: Attack) -> list[str]:
    if attack.passed is None or verdict.passed == attack.passed:
        return []
    failures = [(c.name, c.message) for c in verdict.checks if not c.passed]
    return [f"expected passed={attack.passed}, got passed={verdict.passed}: {failures!r}"]


def overtime(elapsed: float, host: Host) -> list[str]:
    allowed = host.spec.limits["wall_seconds"] + GRACE_SECONDS
    return [f"grading took {elapsed:.1f} s, more than {allowed:g} s"] if elapsed > allowed else []


def leftovers(host: Host, before: HostState) -> list[str]:
    """Processes of the sandbox's uid, job cgroups and staging dirs that outlived the run."""
    problems = []
    for pid, line in processes_of(host.uid):
        problems.append(f"a process of the sandbox uid is still alive: {line}")
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)  # ours; so that the next attack starts clean
    after = host.state()
    problems += [
        f"job cgroup left: {p}" for p in sorted(our_cgroups(after.cgroups - before.cgroups))
    ]
    problems += [f"staging dir left: {name}" for name in sorted(after.staging - before.staging)]
    return problems


def our_cgroups(paths: set[str]) -> set[str]:
    """The cgroups that can be this session's: named after our pid, or not after a worker at all.

    The sandbox names a job's cgroup job-<worker pid>-<hex>; another test session on the
    machine may run jobs at the same time, and their cgroups are not ours to judge.
    """
    ours = set()
    for path in paths:
        found = re.search(r"/job-(\d+)-[0-9a-f]+(/|$)", path)
        if found is None or int(found.group(1)) == os.getpid():
            ours.add(path)
    return ours


def processes_of(uid: int) -> list[tuple[int, str]]:
    result = subprocess.run(
        ["ps", "-u", str(uid), "-o", "pid=,stat=,args="],
        capture_output=True,
        text=True,
        check=False,
    )
    return [(int(line.split()[0]), line.strip()) for line in result.stdout.splitlines() if line]


def summary(verdict) -> str:
    checks = "\n".join(
        f"  {'ok  ' if c.passed else 'FAIL'} {c.name}: {c.message}" for c in verdict.checks
    )
    return (
        f"notes: {list(verdict.notes)}\nchecks:\n{checks}\n"
        f"stdout (end): {verdict.stdout[-600:]!r}\nstderr (end): {verdict.stderr[-600:]!r}"
    )


# --- the tests -----------------------------------------------------------------------------


def test_there_are_enough_attacks_and_their_headers_are_sound(host):
    assert len(ATTACKS) >= 45, [a.name for a in ATTACKS]
    for attack in ATTACKS:
        used = set(re.findall(r"\{([A-Z][A-Z_]+)\}", attack.source))
        assert "CANARY_SECRET" not in used, f"{attack.name} must find the secret, not be given it"
        assert used <= PLACEHOLDERS, f"{attack.name}: unknown placeholders {used - PLACEHOLDERS}"
        compile(attack.code(host), f"{attack.name}.py", "exec")


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_is_contained_and_reported(attack, host):
    require_sandbox()
    before = host.state()
    started = time.monotonic()
    verdict = engine.grade(host.spec, attack.code(host))
    elapsed = time.monotonic() - started
    problems = (
        leaked_secrets(verdict.to_dict(), host)
        + contacts(host)
        + host_changes(host, before)
        + missing_notes(verdict, attack)
        + wrong_outcome(verdict, attack)
        + overtime(elapsed, host)
        + leftovers(host, before)
    )
    if problems:
        pytest.fail(
            f"{attack.description}:\n- " + "\n- ".join(problems) + "\n" + summary(verdict),
            pytrace=False,
        )


def test_the_detectors_see_a_leak_a_contact_and_a_write(host):
    """The checks above are not vacuous: each one reports what it is there to catch."""
    before = host.state()
    for text in (f"x{host.secret}x", host.secret.encode().hex()):
        assert leaked_secrets({"stdout": text}, host)
    with socket.create_connection(("127.0.0.1", host.port)):
        pass
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as unix:
        unix.connect(f"\0{host.abstract_name}")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.sendto(b"ping", ("127.0.0.1", host.port))
    time.sleep(0.1)
    assert len(contacts(host)) == 3
    host.write_target.write_text("x")
    try:
        assert host_changes(host, before)
    finally:
        host.write_target.unlink()
    assert host_changes(host, before) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can act as the sandbox uid")
def test_only_the_sandbox_stands_between_the_attacks_and_the_planted_files(host):
    """As a plain process of the sandbox uid, the other job's file and var/'s canary are readable
    and the write target can be created: what keeps attacks from them is the sandbox."""
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.setgroups([])
            os.setgid(host.uid)
            os.setuid(host.uid)
            readable = host.secret in host.other_job_file.read_text()
            readable &= host.secret in host.var_canary.read_text()
            host.write_target.write_text("x")
            code = 0 if readable else 2
        finally:
            os._exit(code)
    assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    host.write_target.unlink()


def test_the_secret_is_where_the_attacks_look(host):
    """The canary is real: planted in every place the attacks search, readable by root."""
    assert host.canary_file.read_text().strip() == host.secret
    assert stat.S_IMODE(host.canary_file.stat().st_mode) == 0o600
    assert host.secret in host.other_job_file.read_text()
    assert host.var_canary.read_text().strip() == host.secret
    assert os.environ["PROCTOR_CANARY"] == host.secret
