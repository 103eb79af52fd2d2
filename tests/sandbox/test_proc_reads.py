"""Reads of /proc/<n>/stat: who opened it, when, and what state n was in then.

Only with run(..., proc_reads=True): the filter then TRACEs every open and
the supervisor looks at the path at the stop, before the open runs.
"""

import contextlib
import importlib.util
import json
import os
from pathlib import Path

import pytest

from sandbox import Isolation, Job, Limits, Observations, ProcRead, seccomp_policy
from sandbox.events import MAX_PROC_READS, ObservationBuilder
from sandbox.launcher import Run

from .helpers import by_pid, run_code

sandboxed = pytest.mark.usefixtures("sandbox_ready")

# The observe-states exercise, done right: the parent reads its child's state
# in three phases made deterministic by handshakes.
THREE_STATES = """
import mmap, os

spin = mmap.mmap(-1, 1)  # shared with the child: the flag of its busy loop
to_parent, child_says = os.pipe()
child_hears, to_child = os.pipe()
child = os.fork()
if child == 0:
    assert spin[0] == 0  # page faulted in before the handshake
    os.write(child_says, b"r")
    while spin[0] == 0:  # busy, without a system call: R
        pass
    os.write(child_says, b"s")
    os.read(child_hears, 1)  # blocked on the pipe: S
    os._exit(0)


def state(path):
    with open(path) as f:
        return f.read().rsplit(")", 1)[1].split()[0]


os.read(to_parent, 1)
seen = [state(f"/proc/{child}/stat")]
spin[0] = 1
os.read(to_parent, 1)
# Wait until it is blocked in its read, through a path that is not recorded.
while state(f"/proc/{child}/task/{child}/stat") != "S":
    pass
seen.append(state(f"/proc/{child}/stat"))
os.write(to_child, b"x")
os.waitid(os.P_PID, child, os.WEXITED | os.WNOWAIT)  # a zombie, not reaped yet
seen.append(state(f"/proc/{child}/stat"))
os.waitpid(child, 0)
print(child, *seen)
"""


@sandboxed
def test_a_childs_three_states_are_recorded_as_the_parent_reads_them():
    obs = run_code(THREE_STATES, proc_reads=True)
    assert obs.exit_code == 0 and obs.end_reason == "exited", obs.stderr
    child, *seen = obs.stdout.decode().split()
    child = int(child)
    assert seen == ["R", "S", "Z"]  # what the job itself read: unaffected
    assert obs.warnings == ()
    # Exactly the three opens of /proc/<child>/stat, by the parent, in order.
    assert [(r.pid, r.target, r.state) for r in obs.proc_reads] == [
        (obs.main_pid, child, "R"),
        (obs.main_pid, child, "S"),
        (obs.main_pid, child, "Z"),
    ]
    record = by_pid(obs)[child]
    first, second, third = (r.time for r in obs.proc_reads)
    assert record.start < first < second < record.end <= third < obs.main.end
    again = Observations.from_dict(json.loads(json.dumps(obs.to_dict())))
    assert again == obs and again.proc_reads[0] == ProcRead(obs.main_pid, child, "R", first)


@sandboxed
def test_off_by_default():
    obs = run_code(THREE_STATES)
    assert obs.stdout.split()[1:] == [b"R", b"S", b"Z"], obs.stderr
    assert obs.proc_reads == () and obs.warnings == ()


@sandboxed
def test_without_the_filter_nothing_is_seen_and_a_warning_says_so():
    obs = run_code(
        "print(open('/proc/1/stat').read()[:1])\n",
        isolation=Isolation(seccomp=False),
        proc_reads=True,
    )
    assert obs.stdout == b"1\n" and obs.proc_reads == ()
    assert any(w.startswith("proc_reads asked for") for w in obs.warnings)


OTHER_OPENS = """
import ctypes, errno, os, platform, threading

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                      ctypes.c_int, ctypes.c_long)
libc.munmap.argtypes = (ctypes.c_void_p, ctypes.c_size_t)
x86_64 = platform.machine() == "x86_64"
OPEN, OPENAT, OPENAT2 = (2, 257, 437) if x86_64 else (None, 56, 437)
L = ctypes.c_long
me = os.getpid()


def result(value):
    return "ok" if value >= 0 else errno.errorcode[ctypes.get_errno()]


def try_open(path, **kwargs):
    try:
        os.close(os.open(path, os.O_RDONLY, **kwargs))
    except OSError:
        pass


# Other files, and other spellings of a stat file: not recorded.
for path in ("/etc/passwd", f"/proc/{me}/cmdline", "/proc/self/stat", "/proc/thread-self/stat",
             f"/proc/{me}/task/{me}/stat", f"/proc//{me}/stat", f"/proc/0{me}/stat",
             f"/proc/{me}/statm", f"/proc/{me}/stat/"):
    try_open(path)
directory = os.open(f"/proc/{me}", os.O_RDONLY | os.O_DIRECTORY)
try_open("stat", dir_fd=directory)  # relative to a directory fd
os.chdir(f"/proc/{me}")
try_open("status")  # relative to the cwd
os.chdir("/tmp")

# Bogus path pointers: the kernel says EFAULT; the job goes on.
print(result(libc.syscall(OPENAT, L(-100), L(1), L(0))))
how = ctypes.create_string_buffer(24)  # struct open_how, all zero
print(result(libc.syscall(OPENAT2, L(-100), L(1), how, L(24))))
print(result(libc.syscall(OPEN, L(1), L(0))) if OPEN else "EFAULT")
print(result(libc.syscall(OPENAT, L(-100), L(-4096), L(0))))  # a kernel address

# A path ending right before an unmapped page is read whole (recorded)...
base = libc.mmap(None, 8192, 3, 0x22, -1, 0)  # PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS
libc.munmap(base + 4096, 4096)
path = f"/proc/{me}/status".encode() + b"\\0"
ctypes.memmove(base + 4096 - len(path), path, len(path))
print(result(libc.syscall(OPENAT, L(-100), L(base + 4096 - len(path)), L(0))))
# ...and one cut by the unmapped page is not (EFAULT for the kernel too).
ctypes.memmove(base + 4096 - 9, b"/proc/1/s", 9)
print(result(libc.syscall(OPENAT, L(-100), L(base + 4096 - 9), L(0))))

# A process that does not exist, then the supervisor's, from a thread.
try_open("/proc/99999/stat")
thread = threading.Thread(target=try_open, args=("/proc/1/stat",))
thread.start()
thread.join()
print(open("/etc/passwd").read().split(":")[0])
"""


@sandboxed
def test_other_files_spellings_and_bogus_pointers_are_not_recorded():
    obs = run_code(OTHER_OPENS, proc_reads=True)
    assert obs.exit_code == 0, obs.stderr
    assert obs.stdout.decode().split() == ["EFAULT"] * 4 + ["ok", "EFAULT", "root"]
    me = obs.main_pid
    assert [(r.pid, r.target, r.state) for r in obs.proc_reads] == [
        # Its own status: the opener, stopped for the supervisor at that moment.
        (me, me, "t"),
        (me, 99999, ""),  # no such process: the open fails, the attempt is recorded
        (me, 1, "R"),  # the supervisor, running: it is reading it; by a thread of main
    ]
    assert obs.forbidden == () and obs.warnings == ()


# -- host side: no sandbox ------------------------------------------------------


def _supervisor():
    path = Path(__file__).resolve().parents[2] / "sandbox" / "supervisor.py"
    spec = importlib.util.spec_from_file_location("proctor_supervisor", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_which_paths_are_stat_files():
    target_of = _supervisor().ProcReads.target_of
    assert target_of(b"/proc/2/stat") == 2
    assert target_of(b"/proc/1234567890/status") == 1234567890
    for path in (
        None,
        b"",
        b"/proc/self/stat",
        b"/proc/thread-self/status",
        b"/proc/02/stat",
        b"/proc/0/stat",
        b"/proc/12345678901/stat",
        b"/proc/\xd9\xa3/stat",  # a non-ASCII digit
        b"/proc/2/stat/",
        b"/proc//2/stat",
        b"/proc/2/statm",
        b"/proc/2/task/2/stat",
        b"proc/2/stat",
        b"/etc/passwd",
    ):
        assert target_of(path) is None, path


def test_open_stop_read_with_syscall_info_and_with_registers():
    """On the host: the open rule's data, its path argument, and the event."""
    sup = _supervisor()
    program = seccomp_policy.build(proc_reads=True)[0]
    go_read, go_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.read(go_read, 1)
            sup.load_seccomp(program)
            os.close(os.open("/proc/1/stat", os.O_RDONLY))
        finally:
            os._exit(0)
    try:
        sup.ptrace(sup.PTRACE_SEIZE, pid, 0, sup.PTRACE_O_TRACESECCOMP | sup.PTRACE_O_EXITKILL)
        os.write(go_write, b"x")
        _pid, status = os.waitpid(pid, sup.WALL)
        assert os.WIFSTOPPED(status) and status >> 16 == sup.EVENT_SECCOMP
        memory = sup.Memory()
        data, args = memory.seccomp_stop(pid)
        assert data == seccomp_policy.PROC_READ_FLAG | 2  # openat
        assert memory.string(pid, args[1], 64) == b"/proc/1/stat"
        assert memory.string(pid, args[1], 8) is None  # longer than that
        events = []
        config = {"kinds": seccomp_policy.PROC_READ_KINDS, "max_events": 1}
        reads = sup.ProcReads(lambda kind, **fields: events.append((kind, fields)), config, memory)
        memory.syscall_info = False
        assert memory.seccomp_stop(pid) == (data, None)
        reads.on_open(pid, 7, data & ~seccomp_policy.PROC_READ_FLAG, None)  # from the registers
        reads.on_open(pid, 7, 2, args)  # over the cap: ignored
        assert [kind for kind, _fields in events] == ["procread", "procreadcap"]
        fields = events[0][1]
        assert (fields["pid"], fields["target"]) == (7, 1) and len(fields["state"]) == 1
        sup.resume(pid)
        assert os.waitpid(pid, 0)[1] == 0
    finally:
        sup.kill(pid)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)
        os.close(go_read)
        os.close(go_write)


def test_filter_is_built_and_cached_per_option():
    plain, with_reads = seccomp_policy.build(), seccomp_policy.build(proc_reads=True)
    assert plain[0] != with_reads[0] and plain[1] == with_reads[1]
    assert seccomp_policy.build("std", True) is with_reads
    assert max(plain[1]) < seccomp_policy.PROC_READ_FLAG < seccomp_policy.OUTPUT_FLAG
    with pytest.raises(ValueError, match="proc_reads"):
        seccomp_policy.build(proc_reads=1)
    with pytest.raises(ValueError, match="proc_reads"):
        Run(Job(files={}, argv=("true",)), Limits(), Isolation(), proc_reads="yes")


def _builder():
    builder = ObservationBuilder()
    builder.feed_line(b'{"e":"hello","t":1.0}')
    return builder


def _read(pid=2, target=3, state="R", t=1.25):
    return json.dumps({"e": "procread", "pid": pid, "target": target, "state": state, "t": t})


def test_procread_events_are_validated_and_capped():
    builder = _builder()
    for line in [
        _read(),
        _read(state="RS"),  # not one letter
        _read(target=True),
        _read(pid="2"),
        json.dumps({"e": "procread", "pid": 2, "target": 3, "state": "R"}),  # no time
        _read(pid=4, target=5, state="", t=1.5),
    ]:
        builder.feed_line(line.encode())
    assert builder.malformed == 4
    assert builder.proc_reads == [ProcRead(2, 3, "R", 0.25), ProcRead(4, 5, "", 0.5)]
    builder = _builder()
    for _ in range(MAX_PROC_READS + 2):
        builder.feed_line(_read().encode())
    assert len(builder.proc_reads) == MAX_PROC_READS
    assert builder.warnings[0].startswith(f"{MAX_PROC_READS} opens")
    builder = _builder()
    builder.feed_line(b'{"e":"procreadcap"}')
    assert builder.warnings[0].startswith(f"{MAX_PROC_READS} opens")
