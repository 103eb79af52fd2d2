"""Supervisor: pid 1 inside the sandbox, tracer of every job process.

Run as ``python3 -I -S supervisor.py CONFIG_JSON`` by bubblewrap (--as-pid-1).
It must stay self-contained: stdlib and ctypes only, no imports from the
package, because only this one file is bound into the sandbox.

It forks the main command, PTRACE_SEIZEs it with fork/vfork/clone/exec/exit
events (no syscall stops, so tracing costs one stop per event) and reports to
the host, as JSON lines on an inherited pipe:

  hello     {t}                                the clock origin (monotonic)
  proc      {pid, ppid, t}                      a new process (thread group)
  thread    {pid, tid, t}                       a new thread of process pid
  exec      {pid, cmdline, comm}                  pid called execve
  exit      {pid, t, code, sig, cpu}            pid ended (cpu: utime+stime)
  snap      {t, reason, trigger, procs}         [pid, ppid, state] of live ones
  leftovers {pids}                              alive when the main command ended
  fatal     {msg}                               the sandbox could not start
  done      {t}

Being pid 1 of the pid namespace matters: signals sent from inside the
namespace cannot kill it, it reaps every orphan, and when it exits the kernel
kills whatever is left in the namespace.
"""

import contextlib
import ctypes
import json
import os
import signal
import sys
import time

PTRACE_CONT = 7
PTRACE_GETEVENTMSG = 0x4201
PTRACE_SEIZE = 0x4206
PTRACE_LISTEN = 0x4208

PTRACE_O_TRACEFORK = 0x02
PTRACE_O_TRACEVFORK = 0x04
PTRACE_O_TRACECLONE = 0x08
PTRACE_O_TRACEEXEC = 0x10
PTRACE_O_TRACEEXIT = 0x40
PTRACE_O_EXITKILL = 0x100000
OPTIONS = (
    PTRACE_O_TRACEFORK
    | PTRACE_O_TRACEVFORK
    | PTRACE_O_TRACECLONE
    | PTRACE_O_TRACEEXEC
    | PTRACE_O_TRACEEXIT
    | PTRACE_O_EXITKILL
)

EVENT_FORK = 1
EVENT_VFORK = 2
EVENT_CLONE = 3
EVENT_EXEC = 4
EVENT_EXIT = 6
EVENT_STOP = 128

WALL = 0x40000000  # __WALL: threads and non-children tracees too
PR_SET_DUMPABLE = 4
GROUP_STOP_SIGNALS = {signal.SIGSTOP, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU}
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

_libc = ctypes.CDLL(None, use_errno=True)
_libc.ptrace.restype = ctypes.c_long
_libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
_libc.prctl.restype = ctypes.c_int
_libc.prctl.argtypes = [
    ctypes.c_int,
    ctypes.c_ulong,
    ctypes.c_ulong,
    ctypes.c_ulong,
    ctypes.c_ulong,
]


def ptrace(request, pid, addr=0, data=0):
    if _libc.ptrace(request, pid, addr, data) == -1:
        err = ctypes.get_errno()
        raise OSError(err, os.strerror(err))


def resume(pid, sig=0):
    # ESRCH: the tracee was killed meanwhile (SIGKILL needs no stop); its death
    # will still be reported by wait4.
    with contextlib.suppress(ProcessLookupError):
        ptrace(PTRACE_CONT, pid, 0, sig)


def event_msg(pid):
    value = ctypes.c_ulong(0)
    ptrace(PTRACE_GETEVENTMSG, pid, 0, ctypes.addressof(value))
    return value.value


def read_stat(pid):
    """(ppid, state, cpu_seconds) from /proc/<pid>/stat, or None if gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            data = f.read()
        # comm may contain spaces and parentheses: split after the last ')'.
        fields = data[data.rindex(b")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        return int(fields[1]), fields[0].decode(), cpu
    except (OSError, ValueError, IndexError):
        return None


def read_tgid(tid):
    try:
        with open(f"/proc/{tid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"Tgid:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return None


def read_text(path, limit=4096):
    try:
        with open(path, "rb") as f:
            return f.read(limit)
    except OSError:
        return b""


class Reporter:
    """JSON lines on the events pipe. A broken pipe means the host is gone."""

    def __init__(self, fd):
        self.fd = fd

    def __call__(self, kind, **fields):
        fields["e"] = kind
        data = (json.dumps(fields, separators=(",", ":")) + "\n").encode()
        while data:
            data = data[os.write(self.fd, data) :]


class Tracer:
    def __init__(self, report, main_pid):
        self.report = report
        self.main = main_pid
        self.procs = {}  # live tgid -> parent tgid
        self.threads = {}  # live non-leader tid -> tgid
        self.cpu = {}  # tgid -> best cpu reading so far
        self.ended = set()  # tgids whose death was reported (a 2nd report may follow)
        # Ids first seen through their own initial stop: the creator's event
        # is still queued and must not register them a second time.
        self.unconfirmed = set()
        self.finishing = False

    def loop(self):
        self.add_process(self.main, 1)
        self.unconfirmed.discard(self.main)
        while True:
            try:
                pid, status, usage = os.wait4(-1, WALL)
            except ChildProcessError:
                return
            if os.WIFSTOPPED(status):
                self.on_stop(pid, status)
            else:
                self.on_death(pid, status, usage)

    # -- registration -------------------------------------------------------

    def add_process(self, pid, ppid):
        self.procs[pid] = ppid
        self.ended.discard(pid)
        self.report("proc", pid=pid, ppid=ppid, t=time.monotonic())

    def add_thread(self, tid, tgid):
        self.threads[tid] = tgid
        self.report("thread", pid=tgid, tid=tid, t=time.monotonic())

    def tgid_of(self, tid):
        if tid in self.procs:
            return tid
        if tid in self.threads:
            return self.threads[tid]
        return read_tgid(tid) or tid

    def discover(self, tid, creator=None):
        """Register a task not seen before, from what /proc says about it."""
        tgid = read_tgid(tid)
        if tgid is not None and tgid != tid:
            self.add_thread(tid, tgid)
            return
        stat = read_stat(tid)
        ppid = stat[0] if stat is not None else creator if creator is not None else 0
        self.add_process(tid, ppid)

    # -- stops --------------------------------------------------------------

    def on_stop(self, tid, status):
        sig = os.WSTOPSIG(status)
        event = status >> 16
        if tid not in self.procs and tid not in self.threads:
            # A new tracee may report its initial stop before its creator's event.
            self.discover(tid)
            self.unconfirmed.add(tid)
        if event in (EVENT_FORK, EVENT_VFORK, EVENT_CLONE):
            self.on_new_task(tid, event)
            resume(tid)
        elif event == EVENT_EXEC:
            self.on_exec(tid)
            resume(tid)
        elif event == EVENT_EXIT:
            self.on_exit_event(tid)
            resume(tid)
        elif event == EVENT_STOP:
            if sig in GROUP_STOP_SIGNALS:
                # Group-stop (SIGSTOP and friends): stay stopped, as without a
                # tracer, until a SIGCONT; LISTEN keeps us notified.
                with contextlib.suppress(ProcessLookupError):
                    ptrace(PTRACE_LISTEN, tid)
            else:
                resume(tid)  # initial stop of a new tracee, or re-trap after LISTEN
        else:
            resume(tid, sig)  # signal-delivery stop: deliver the signal unchanged

    def on_new_task(self, tid, event):
        try:
            new = event_msg(tid)
        except OSError:
            return
        if new in self.unconfirmed:
            self.unconfirmed.discard(new)
            return
        if new in self.procs or new in self.threads:
            return
        creator = self.tgid_of(tid)
        if event == EVENT_CLONE:
            self.discover(new, creator)
        else:
            stat = read_stat(new)
            self.add_process(new, stat[0] if stat else creator)

    def on_exec(self, tid):
        # A non-leader thread that execs takes over the leader's pid; its old
        # tid silently disappears.
        try:
            former = event_msg(tid)
        except OSError:
            former = tid
        if former != tid:
            self.threads.pop(former, None)
        # The whole command line: it tells multiprocessing's helpers (resource
        # tracker, fork server) from the job's own processes.
        cmdline = read_text(f"/proc/{tid}/cmdline")[:512].rstrip(b"\0").replace(b"\0", b" ")
        comm = read_text(f"/proc/{tid}/comm").rstrip(b"\n")
        self.report(
            "exec",
            pid=tid,
            cmdline=cmdline.decode(errors="replace"),
            comm=comm.decode(errors="replace"),
        )

    def on_exit_event(self, tid):
        tgid = self.tgid_of(tid)
        stat = read_stat(tgid)
        if stat is not None:
            self.cpu[tgid] = max(self.cpu.get(tgid, 0.0), stat[2])
        if tid != tgid or self.finishing:
            return
        if tid == self.main:
            self.snapshot("main_exiting", tid)
        elif self.procs.get(tid) == self.main:
            self.snapshot("child_exiting", tid)

    # -- deaths -------------------------------------------------------------

    def on_death(self, pid, status, usage):
        if pid in self.threads:
            del self.threads[pid]
            return
        if pid not in self.procs:
            if pid in self.ended:
                # Second report of the same death: we are now its real parent
                # (it was re-parented to pid 1) and this wait4 reaped it.
                self.ended.discard(pid)
                return
            self.add_process(pid, 0)  # died before any report: rare, kept anyway
            self.unconfirmed.add(pid)
        del self.procs[pid]
        self.ended.add(pid)
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
        sig = os.WTERMSIG(status) if os.WIFSIGNALED(status) else None
        self.report(
            "exit", pid=pid, t=time.monotonic(), code=code, sig=sig, cpu=self.cpu_of(pid, usage)
        )
        if pid == self.main and not self.finishing:
            self.finish()

    def cpu_of(self, pid, usage):
        if pid in self.cpu:
            return self.cpu.pop(pid)
        # No exit stop (SIGKILL skips it): a zombie of another parent still has
        # its /proc entry; for our own reaped children, use wait4's rusage.
        stat = read_stat(pid)
        if stat is not None:
            return stat[2]
        return usage.ru_utime + usage.ru_stime

    # -- end ----------------------------------------------------------------

    def snapshot(self, reason, trigger):
        procs = []
        for name in os.listdir("/proc"):
            if not name.isdigit() or name == "1":
                continue
            stat = read_stat(int(name))
            if stat is not None:
                procs.append([int(name), stat[0], stat[1]])
        procs.sort()
        self.report("snap", t=time.monotonic(), reason=reason, trigger=trigger, procs=procs)

    def finish(self):
        """The main command ended: record what is left, then kill it all."""
        self.finishing = True
        self.snapshot("main_exited", self.main)
        self.report("leftovers", pids=sorted(self.procs))
        # From pid 1, -1 means every other process in the namespace.
        with contextlib.suppress(ProcessLookupError):
            os.kill(-1, signal.SIGKILL)


def set_rlimits(rlimits):
    import resource

    for name, value in rlimits.items():
        soft, hard = (value, value) if isinstance(value, int) else value
        resource.setrlimit(getattr(resource, name), (soft, hard))


def run_child(config, go_read, go_write):
    """In the forked child: wait to be seized, apply limits, exec the command."""
    argv = config["argv"]
    try:
        os.close(go_write)
        os.close(config["events_fd"])
        os.read(go_read, 1)
        os.close(go_read)
        # Python ignores these at startup; the job must get default dispositions.
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
        set_rlimits(config["rlimits"])
        env = dict(config["env"])
        env["PROCTOR_RESULT_FD"] = str(config["result_fd"])
        os.set_inheritable(config["result_fd"], True)
        os.execvpe(argv[0], argv, env)  # noqa: S606 - the job's own command, no shell
    except BaseException as exc:
        try:
            os.write(2, f"sandbox: cannot run {argv[0]!r}: {exc}\n".encode())
        finally:
            os._exit(127)


def close_other_fds(keep):
    for name in os.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd not in keep:
            with contextlib.suppress(OSError):
                os.close(fd)


def main(argv):
    config = json.loads(argv[1])
    events_fd = config["events_fd"]
    close_other_fds({events_fd, config["result_fd"]})
    os.set_inheritable(events_fd, False)
    report = Reporter(events_fd)
    go_read, go_write = os.pipe()
    report("hello", t=time.monotonic())
    pid = os.fork()
    if pid == 0:
        run_child(config, go_read, go_write)
    os.close(go_read)
    os.close(config["result_fd"])  # only the job writes results
    try:
        ptrace(PTRACE_SEIZE, pid, 0, OPTIONS)
    except OSError as exc:
        report("fatal", msg=f"ptrace(PTRACE_SEIZE) refused: {exc}")
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return 3
    # Not dumpable from now on: job processes cannot open /proc/1/fd or trace
    # us. Done after the fork, or the child would inherit it and be untraceable.
    _libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    os.write(go_write, b"x")
    os.close(go_write)
    tracer = Tracer(report, pid)
    try:
        tracer.loop()
    finally:
        if not tracer.finishing:
            with contextlib.suppress(ProcessLookupError):
                os.kill(-1, signal.SIGKILL)
    report("done", t=time.monotonic())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
