"""Output attribution: which process wrote what to stdout/stderr, and when.

Real jobs in the real sandbox: the supervisor sees each write at a seccomp
stop (TRACE rules on write and co. to fds 1 and 2).
"""

import importlib.util
import itertools
import json
import os
import time
from pathlib import Path

import pytest

from sandbox import Observations, OutputEvent, seccomp_policy
from sandbox.events import MAX_OUTPUT_EVENTS, OUTPUT_CHUNK, ObservationBuilder

from .helpers import by_pid, run_code

sandboxed = pytest.mark.usefixtures("sandbox_ready")

SCHEDULED = """
import multiprocessing as mp, os, sys, time

SLOT = 0.12  # seconds between two lines, all processes together

def speak(name, index, start):
    # Process `index` of 3 prints its line i at start + (3 * i + index) * SLOT.
    for i in range(3):
        delay = start + (3 * i + index) * SLOT - time.monotonic()
        time.sleep(max(delay, 0))
        print(f"{name} {os.getpid()} {i}")

if __name__ == "__main__":
    start = time.monotonic() + 0.6  # leave time for the spawned interpreter
    children = [
        mp.get_context(method).Process(target=speak, args=(method, index, start))
        for index, method in ((1, "fork"), (2, "spawn"))
    ]
    for child in children:
        child.start()
    speak("main", 0, start)
    for child in children:
        child.join()
"""


@sandboxed
def test_three_processes_attributed_and_ordered_by_time():
    obs = run_code(SCHEDULED)
    assert obs.exit_code == 0, obs.stderr
    assert obs.warnings == () and not obs.outputs_truncated
    lines = [line for line in obs.output_lines() if line.text]
    assert len(lines) == 9
    # In time order, the lines follow the schedule: main, fork, spawn, main...
    said = [line.text.decode().split() for line in lines]
    assert [name for name, _pid, _i in said] == ["main", "fork", "spawn"] * 3
    assert [int(i) for _name, _pid, i in said] == [0, 0, 0, 1, 1, 1, 2, 2, 2]
    # Each line is attributed to the process that says it wrote it...
    for line, (_name, pid, _i) in zip(lines, said, strict=True):
        assert line.pid == int(pid) and line.stream == "stdout"
    # ...which the process records know: main and its two children, alive then.
    procs = by_pid(obs)
    pids = {name: int(pid) for name, pid, _i in said}
    assert pids["main"] == obs.main_pid
    assert procs[pids["fork"]].ppid == procs[pids["spawn"]].ppid == obs.main_pid
    assert "multiprocessing.spawn" in procs[pids["spawn"]].cmdline
    for line in lines:
        record = procs[line.pid]
        assert record.start <= line.time <= record.end
    # Consecutive lines are about one slot apart (0.12 s; sleeps only oversleep).
    gaps = [b.time - a.time for a, b in itertools.pairwise(lines)]
    assert all(gap > 0.06 for gap in gaps), gaps
    # The events are the stdout, byte for byte (print: the text, then "\n").
    assert b"".join(e.data for e in obs.outputs) == obs.stdout
    assert len(obs.outputs) == 18
    assert [e.time for e in obs.outputs] == sorted(e.time for e in obs.outputs)


WAYS = r"""
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

class IOVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_char_p), ("len", ctypes.c_size_t)]

print("print")
sys.stdout.write("write+flush\n"); sys.stdout.flush()
os.write(1, b"os.write\n")
os.writev(1, [b"os.", b"writev\n"])
os.pwritev(1, [b"pwritev2 -1\n"], -1)
iov = IOVec(b"vmsplice\n", 9)
libc.vmsplice(1, ctypes.byref(iov), 1, 0)
with open("/tmp/f", "wb") as f:
    f.write(b"sendfile, splice\n")
source = os.open("/tmp/f", os.O_RDONLY)
os.sendfile(1, source, 10, 7)  # "splice\n", at an explicit offset
os.sendfile(1, source, None, 8)  # "sendfile", from the file position
os.lseek(source, 8, os.SEEK_SET)
os.splice(source, 1, 2)  # ", "
# Raw write with garbage in the upper half of fd: the kernel reads an int.
libc.syscall(1, (7 << 32) | 1, b"raw fd\n", 7)
print("to stderr", file=sys.stderr)
os.write(2, b"\x00\xff binary\n")
"""


@sandboxed
def test_every_way_of_writing_is_seen():
    obs = run_code(WAYS)
    assert obs.exit_code == 0, obs.stderr
    assert obs.warnings == ()
    expected_out = [
        b"print",
        b"\n",
        b"write+flush\n",
        b"os.write\n",
        b"os.writev\n",
        b"pwritev2 -1\n",
        b"vmsplice\n",
        b"splice\n",
        b"sendfile",
        b", ",
        b"raw fd\n",
    ]
    out = [e for e in obs.outputs if e.stream == "stdout"]
    err = [e for e in obs.outputs if e.stream == "stderr"]
    assert [e.data for e in out] == expected_out
    assert [e.data for e in err] == [b"to stderr", b"\n", b"\x00\xff binary\n"]
    assert {e.pid for e in obs.outputs} == {obs.main_pid}
    assert b"".join(e.data for e in out) == obs.stdout
    assert b"".join(e.data for e in err) == obs.stderr
    again = Observations.from_dict(json.loads(json.dumps(obs.to_dict())))
    assert again == obs


@sandboxed
def test_stream_is_what_the_fd_refers_to():
    obs = run_code(
        """
        import os, subprocess, sys, threading
        # A subprocess whose stdout is a pipe to us: not the job's output.
        got = subprocess.run(["sh", "-c", "echo captured"], capture_output=True).stdout
        # A shell writing on its fd 2, which is the job's stdout here.
        subprocess.run(["sh", "-c", "echo two-to-one >&2"], stderr=subprocess.STDOUT)
        thread = threading.Thread(target=lambda: os.write(1, b"from a thread\\n"))
        thread.start()
        thread.join()
        os.write(1, got)
        """
    )
    assert obs.exit_code == 0, obs.stderr
    assert obs.stdout == b"two-to-one\nfrom a thread\ncaptured\n"
    events = [(e.stream, e.data) for e in obs.outputs]
    assert events == [
        ("stdout", b"two-to-one\n"),
        ("stdout", b"from a thread\n"),
        ("stdout", b"captured\n"),
    ]
    shell = next(r for r in obs.processes if r.cmdline and "two-to-one" in r.cmdline)
    assert obs.outputs[0].pid == shell.pid
    assert obs.outputs[1].pid == obs.outputs[2].pid == obs.main_pid  # the thread: its process
    assert obs.warnings == ()


@sandboxed
def test_a_duplicate_of_stdout_is_not_attributed_and_says_so():
    obs = run_code(
        """
        import os
        os.write(1, b"seen\\n")
        os.write(os.dup(1), b"unseen\\n")
        os.dup2(2, 9)
        os.write(9, b"unseen too\\n")
        """
    )
    assert obs.stdout == b"seen\nunseen\n" and obs.stderr == b"unseen too\n"
    assert [e.data for e in obs.outputs] == [b"seen\n"]
    assert "stdout: 7 of 12 bytes were not written" in obs.warnings[0]
    assert "stderr: 11 of 11 bytes were not written" in obs.warnings[1]


@sandboxed
def test_child_writing_after_its_parent_exited():
    obs = run_code(
        """
        import os, time
        r, w = os.pipe()
        parent = os.fork()
        if parent == 0:  # the parent: forks the writer, then exits at once
            if os.fork() == 0:
                os.close(r)
                time.sleep(0.3)
                os.write(1, f"orphan {os.getpid()} of {os.getppid()}\\n".encode())
                os._exit(0)  # closes w: main's read returns
            os._exit(0)
        os.close(w)
        os.waitpid(parent, 0)
        os.read(r, 1)
        print("main done")
        """
    )
    assert obs.exit_code == 0, obs.stderr
    first, second = obs.output_lines()
    _word, pid, _of, ppid = first.text.decode().split()
    procs = by_pid(obs)
    orphan = procs[int(pid)]
    parent = procs[orphan.ppid]  # the record keeps the parent at birth
    assert parent.ppid == obs.main_pid and int(ppid) == 1  # re-parented to the supervisor
    assert first.pid == orphan.pid
    assert parent.end + 0.2 < first.time <= orphan.end
    assert first.time < second.time
    assert second.pid == obs.main_pid and second.text == b"main done"


@sandboxed
def test_flood_is_capped_promptly_with_bounded_memory():
    start = time.monotonic()
    obs = run_code("while True:\n    print('x' * 100)\n", wall_seconds=1.5)
    elapsed = time.monotonic() - start
    assert obs.timed_out and elapsed < 2.5
    assert obs.outputs_truncated and obs.stdout_truncated
    recorded = b"".join(e.data for e in obs.outputs)
    assert recorded == obs.stdout[: len(recorded)] and len(recorded) == 64 * 1024
    assert len(obs.outputs) <= 2 * (64 * 1024 // 101 + 1)
    assert obs.peak_memory_bytes < 64 * 2**20


@sandboxed
def test_cap_reached_exactly_then_one_more_write():
    obs = run_code("import os\nos.write(1, b'abcd')\nos.write(2, b'e')\n", output_bytes=4)
    assert [e.data for e in obs.outputs] == [b"abcd", b"e"] and not obs.outputs_truncated
    obs = run_code("import os\nos.write(1, b'abcd')\nos.write(1, b'e')\n", output_bytes=4)
    assert [e.data for e in obs.outputs] == [b"abcd"] and obs.outputs_truncated


@sandboxed
def test_no_attribution_without_the_filter():
    from sandbox import Isolation

    obs = run_code("print('hi')\n", isolation=Isolation(seccomp=False))
    assert obs.stdout == b"hi\n" and obs.outputs == () and not obs.outputs_truncated


# -- the supervisor's register reading, on the host (no sandbox) ----------------


def _supervisor():
    path = Path(__file__).resolve().parents[2] / "sandbox" / "supervisor.py"
    spec = importlib.util.spec_from_file_location("proctor_supervisor", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_registers_agree_with_ptrace_syscall_info():
    """The GETREGSET fallback (kernels before 5.3) reads the same arguments."""
    sup = _supervisor()
    program = seccomp_policy.build()[0]
    go_read, go_write = os.pipe()
    out_read, out_write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.read(go_read, 1)
            os.dup2(out_write, 1)
            sup.load_seccomp(program)
            os.write(1, b"traced")
        finally:
            os._exit(0)
    try:
        sup.ptrace(sup.PTRACE_SEIZE, pid, 0, sup.PTRACE_O_TRACESECCOMP | sup.PTRACE_O_EXITKILL)
        os.write(go_write, b"x")
        _pid, status = os.waitpid(pid, sup.WALL)
        assert os.WIFSTOPPED(status) and status >> 16 == sup.EVENT_SECCOMP
        memory = sup.Memory()
        data, args = memory.seccomp_stop(pid)
        assert data == seccomp_policy.OUTPUT_FLAG | 1  # write
        assert args[0] == 1 and args[2] == 6
        assert memory.read(pid, args[1], args[2]) == b"traced"
        assert memory.args(pid) == args
        memory.syscall_info = False
        assert memory.seccomp_stop(pid) == (data, None)
        sup.resume(pid)
        assert os.read(out_read, 100) == b"traced"
    finally:
        sup.kill(pid)
        os.waitpid(pid, 0)
        for fd in (go_read, go_write, out_read, out_write):
            os.close(fd)


# -- the host side: strict, bounded parsing ---------------------------------------


def _builder(cap=100):
    builder = ObservationBuilder(output_cap=cap)
    builder.feed_line(b'{"e":"hello","t":1.0}')
    return builder


def _output(pid=2, t=1.5, fd=1, data="x", part=0):
    return json.dumps({"e": "output", "pid": pid, "t": t, "fd": fd, "data": data, "part": part})


def test_output_events_are_validated():
    builder = _builder()
    for line in [
        _output(fd=3),  # not a stream
        _output(data="\u0100"),  # not a byte
        _output(part=1),  # continues nothing
        _output(part=-1),
        _output(data="y" * (OUTPUT_CHUNK + 1)),
        json.dumps({"e": "output", "pid": 2, "t": 1.5, "fd": True, "data": "x", "part": 0}),
        _output(data="ab\u00ff"),
        _output(data="cd", part=1),  # continues the previous write
        _output(pid=3, t=1.6, fd=2, data="e"),
    ]:
        builder.feed_line(line.encode())
    assert builder.malformed == 6
    obs = builder.build(_io(b"ab\xffcd", b"e"), _limits(), 1.0, False)
    assert obs.outputs == (
        OutputEvent(2, 0.5, "stdout", b"ab\xffcd"),
        OutputEvent(3, 0.6, "stderr", b"e"),
    )
    assert not obs.outputs_truncated


def test_output_events_are_capped():
    builder = _builder(cap=5)
    for data in ("abc", "def", "ghi"):
        builder.feed_line(_output(data=data).encode())
    builder.feed_line(_output(fd=2, data="z").encode())
    obs = builder.build(_io(b"abcdefghi", b"z"), _limits(), 1.0, False)
    assert [e.data for e in obs.outputs] == [b"abc", b"de", b"z"]
    assert obs.outputs_truncated
    builder = _builder(cap=10**9)
    for _ in range(MAX_OUTPUT_EVENTS + 5):
        builder.feed_line(_output().encode())
    assert len(builder.outputs) == MAX_OUTPUT_EVENTS and builder.outputs_truncated
    builder = _builder()
    builder.feed_line(b'{"e":"outcap","fd":1}')
    assert builder.outputs_truncated


def test_reconciliation_warnings():
    for captured, warning in [
        (b"abcdef", "stdout: 3 of 6 bytes were not written"),
        (b"ab", "stdout: 1 bytes of traced writes did not reach it"),
    ]:
        builder = _builder()
        builder.feed_line(_output(data="abc").encode())
        obs = builder.build(_io(captured, b""), _limits(), 1.0, False, outputs_traced=True)
        assert obs.warnings[0].startswith(warning)
    builder = _builder()
    builder.feed_line(_output(data="abc").encode())
    obs = builder.build(_io(b"abc", b""), _limits(), 1.0, False, outputs_traced=True)
    assert not any("fd 1/2" in w or "traced writes" in w for w in obs.warnings)


def test_output_lines_join_writes_per_process():
    events = (
        OutputEvent(2, 0.1, "stdout", b"a"),
        OutputEvent(3, 0.2, "stdout", b"b1\nb2"),
        OutputEvent(2, 0.3, "stdout", b"\n"),
        OutputEvent(2, 0.4, "stderr", b"err\n"),
        OutputEvent(3, 0.5, "stdout", b"\n"),
    )
    obs = builder_obs(events)
    assert [(li.pid, li.time, li.text) for li in obs.output_lines()] == [
        (2, 0.1, b"a"),
        (3, 0.2, b"b1"),
        (3, 0.2, b"b2"),
    ]
    assert [li.text for li in obs.output_lines(None)] == [b"a", b"b1", b"b2", b"err"]


def builder_obs(events):  # an Observations with these outputs
    obs = _builder().build(_io(b"", b""), _limits(), 1.0, False)
    return Observations.from_dict({**obs.to_dict(), "outputs": [e.to_dict() for e in events]})


def _io(stdout, stderr):
    return {
        "stdout": stdout,
        "stderr": stderr,
        "stdout_truncated": False,
        "stderr_truncated": False,
        "result": b"",
        "result_truncated": False,
    }


def _limits():
    from sandbox import Limits

    return Limits()
