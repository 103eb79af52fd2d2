"""Supervisor: tracer of every job process, pid 1 of the sandbox.

Run as ``python3 -I -S supervisor.py CONFIG_FD`` by bubblewrap (--as-pid-1),
or directly by the launcher in the explicit insecure mode. CONFIG_FD is a
memfd holding a ``marshal``-ed dict written by the launcher (same interpreter).

Self-contained and lean on purpose: only built-in modules that the
interpreter has already loaded at start-up (posix, _signal, _ctypes, marshal,
time), no ``os``, ``signal``, ``json`` or ``ctypes`` packages: importing those
costs more than 10 ms, paid on every run. Only this file is bound into the
sandbox.

It forks the main command, PTRACE_SEIZEs it with fork/vfork/clone/exec/exit
(and seccomp) events, no syscall stops, so tracing costs one stop per event:
a process event, a forbidden system call, a write to stdout/stderr (the
filter's output rules, see Outputs), or, only when asked, an open (see
ProcReads). It reports to the host as JSON lines on an inherited pipe:

  hello     {t}                                the clock origin (monotonic)
  proc      {pid, ppid, t}                      a new process (thread group)
  thread    {pid, tid, t}                       a new thread of process pid
  exec      {pid, cmdline, comm}                pid called execve
  exit      {pid, t, code, sig, cpu}            pid ended (cpu: utime+stime)
  snap      {t, reason, trigger, procs}         [pid, ppid, state] of live ones
  forbidden {pid, nr, t}                        pid made a traced system call: killed
  output    {pid, t, fd, data, part}            pid is writing data to the job's stdout
                                                (fd 1) or stderr (fd 2); data is the
                                                bytes as a latin-1 string; part > 0
                                                continues the previous event (a long write)
  outcap    {fd}                                output of that stream no longer recorded
  procread  {pid, target, state, t}             pid is opening /proc/<target>/stat or
                                                /proc/<target>/status; state: target's
                                                state letter then ("" if gone). Only
                                                with the config's "proc_reads"
  procreadcap {}                                the cap is reached: later opens are
                                                not recorded
  fsfull    {paths}                             scratch full, or a file at the size limit
  leftovers {pids}                              alive when the main command ended
  fatal     {msg}                               the sandbox could not start
  done      {t}

In the sandbox it is pid 1 of the pid namespace: signals sent from inside
cannot kill it, it reaps every orphan, and when it exits the kernel kills
whatever is left in the namespace. In insecure mode it is a child subreaper
instead, and kills only the processes it traced.
"""

# contextlib (SIM105's suggestion) is one of the imports this file avoids.
# ruff: noqa: SIM105

import _ctypes
import _signal
import marshal
import posix
import sys
import time

PTRACE_CONT = 7
PTRACE_GETEVENTMSG = 0x4201
PTRACE_GETREGSET = 0x4204
PTRACE_GET_SYSCALL_INFO = 0x420E
PTRACE_SYSCALL_INFO_SECCOMP = 3
NT_PRSTATUS = 1
PTRACE_SEIZE = 0x4206
PTRACE_LISTEN = 0x4208

PTRACE_O_TRACEFORK = 0x02
PTRACE_O_TRACEVFORK = 0x04
PTRACE_O_TRACECLONE = 0x08
PTRACE_O_TRACEEXEC = 0x10
PTRACE_O_TRACEEXIT = 0x40
PTRACE_O_TRACESECCOMP = 0x80
PTRACE_O_EXITKILL = 0x100000
OPTIONS = (
    PTRACE_O_TRACEFORK
    | PTRACE_O_TRACEVFORK
    | PTRACE_O_TRACECLONE
    | PTRACE_O_TRACEEXEC
    | PTRACE_O_TRACEEXIT
    | PTRACE_O_TRACESECCOMP
    | PTRACE_O_EXITKILL
)

EVENT_FORK = 1
EVENT_VFORK = 2
EVENT_CLONE = 3
EVENT_EXEC = 4
EVENT_EXIT = 6
EVENT_SECCOMP = 7
EVENT_STOP = 128

WALL = 0x40000000  # __WALL: threads and non-children tracees too
PR_SET_DUMPABLE = 4
PR_SET_SECCOMP = 22
PR_SET_CHILD_SUBREAPER = 36
PR_SET_NO_NEW_PRIVS = 38
SECCOMP_MODE_FILTER = 2
SIGKILL = _signal.SIGKILL
GROUP_STOP_SIGNALS = {_signal.SIGSTOP, _signal.SIGTSTP, _signal.SIGTTIN, _signal.SIGTTOU}
CLOCK_TICKS = posix.sysconf("SC_CLK_TCK")
#: The job's oom_score_adj: raised (always allowed) so that under the memory
#: limit the kernel picks a job process, not the supervisor, as its victim.
JOB_OOM_SCORE_ADJ = b"500"


# -- a minimal libc binding on _ctypes (the ctypes package costs ~3 ms) -------


class _Long(_ctypes._SimpleCData):
    _type_ = "l"


class _Char(_ctypes._SimpleCData):
    _type_ = "c"


class _Func(_ctypes.CFuncPtr):
    _flags_ = _ctypes.FUNCFLAG_CDECL | _ctypes.FUNCFLAG_USE_ERRNO
    _restype_ = _Long


class _Libc:
    _handle = _ctypes.dlopen(None, _ctypes.RTLD_LOCAL)


def _libc_function(name, nargs):
    function = _Func((name, _Libc))
    function.argtypes = (_Long,) * nargs
    return function


_ptrace = _libc_function("ptrace", 4)
_process_vm_readv = _libc_function("process_vm_readv", 6)
_prctl = _libc_function("prctl", 5)
_setrlimit = _libc_function("setrlimit", 2)


def _buffer(data):
    """A C copy of `data` (kept alive by the caller) and its address."""
    size = max(len(data), 1)
    array_type = type("_Bytes", (_ctypes.Array,), {"_type_": _Char, "_length_": size})
    buf = array_type.from_buffer_copy(data.ljust(size, b"\0"))
    return buf, _ctypes.addressof(buf)


def _check(result, what):
    if result == -1:
        err = _ctypes.get_errno()
        raise OSError(err, f"{what}: {posix.strerror(err)}")
    return result


def ptrace(request, pid, addr=0, data=0):
    _check(_ptrace(request, pid, addr, data), "ptrace")


def resume(pid, sig=0):
    # ESRCH: the tracee was killed meanwhile (SIGKILL needs no stop); its death
    # will still be reported by wait4.
    try:
        ptrace(PTRACE_CONT, pid, 0, sig)
    except ProcessLookupError:
        pass


_MSG, _MSG_ADDRESS = _buffer(bytes(8))


def event_msg(pid):
    ptrace(PTRACE_GETEVENTMSG, pid, 0, _MSG_ADDRESS)
    return int.from_bytes(bytes(_MSG), sys.byteorder)


class Memory:
    """Reads a stopped tracee's system call and memory into buffers allocated once.

    At a seccomp stop PTRACE_GET_SYSCALL_INFO (Linux >= 5.3) gives the rule's
    data and the six arguments in one call, whatever the architecture. Before
    that: PTRACE_GETEVENTMSG, and the argument registers (x86_64: rdi rsi rdx
    r10 r8 r9 of user_regs_struct, aarch64: x0-x5) from NT_PRSTATUS.
    """

    READ_MAX = 1 << 16
    ARG_INDEX = {
        # user_regs_struct: r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax rcx rdx rsi rdi ...
        "x86_64": (14, 13, 12, 7, 9, 8),
        # user_pt_regs: x0..x30 sp pc pstate
        "aarch64": (0, 1, 2, 3, 4, 5),
    }

    def __init__(self):
        self.arg_index = self.ARG_INDEX.get(posix.uname().machine)
        self._arrays = []  # keep the ctypes views (and so the buffers' addresses) alive
        self.regs = bytearray(8 * 34)
        self.regs_q = memoryview(self.regs).cast("Q")
        # struct ptrace_syscall_info: op, reserved, flags, arch, ip, sp, then
        # for seccomp: nr, args[6], ret_data (u32 at byte 80); 88 bytes.
        self.info = bytearray(88)
        self.info_q = memoryview(self.info).cast("Q")
        self.info_address = self._address(self.info)
        self.syscall_info = True
        self.data = bytearray(self.READ_MAX)
        self.iovs = bytearray(48)  # [regs iov][local iov][remote iov]
        self.iovs_q = memoryview(self.iovs).cast("Q")
        regs_address, data_address, iovs_address = (
            self._address(b) for b in (self.regs, self.data, self.iovs)
        )
        self.iovs_q[0], self.iovs_q[1] = regs_address, len(self.regs)
        self.iovs_q[2] = data_address
        self.regs_iov = iovs_address
        self.local_iov = iovs_address + 16
        self.remote_iov = iovs_address + 32

    def _address(self, buf):
        array_type = type("_View", (_ctypes.Array,), {"_type_": _Char, "_length_": len(buf)})
        view = array_type.from_buffer(buf)
        self._arrays.append(view)
        return _ctypes.addressof(view)

    def seccomp_stop(self, tid):
        """(the TRACE rule's data, the six arguments or None) at a seccomp stop."""
        if self.syscall_info:
            size = _ptrace(PTRACE_GET_SYSCALL_INFO, tid, len(self.info), self.info_address)
            if size >= 84 and self.info[0] == PTRACE_SYSCALL_INFO_SECCOMP:  # ret_data's end
                return int.from_bytes(self.info[80:84], sys.byteorder), self.info_q[4:10].tolist()
            if size == -1 and _ctypes.get_errno() == 5:  # EIO: unknown request, old kernel
                self.syscall_info = False
        return event_msg(tid), None

    def args(self, tid):
        """The six system call arguments (unsigned) from the registers, or None."""
        if self.arg_index is None:
            return None
        self.iovs_q[1] = len(self.regs)
        try:
            ptrace(PTRACE_GETREGSET, tid, NT_PRSTATUS, self.regs_iov)
        except OSError:
            return None
        regs = self.regs_q
        return [regs[i] for i in self.arg_index]

    def read(self, tid, address, size):
        """Up to `size` (<= READ_MAX) bytes at `address` in tid; b"" if unreadable."""
        size = min(size, self.READ_MAX)
        if size <= 0:
            return b""
        q = self.iovs_q
        q[3], q[4], q[5] = size, address, size
        got = _process_vm_readv(tid, self.local_iov, 1, self.remote_iov, 1, 0)
        if got <= 0:
            return b""
        return bytes(self.data[:got])

    def string(self, tid, address, size):
        """The NUL-terminated string at `address` in tid (without its NUL), or None
        if it is unreadable or longer than `size` bytes.

        Read up to the end of each page (4 KiB, a divisor of every page size):
        a string that ends just before an unmapped page is still read whole.
        """
        data = b""
        while len(data) < size:
            want = min(size - len(data), 4096 - address % 4096)
            got = self.read(tid, address, want)
            end = got.find(b"\0")
            if end >= 0:
                return data + got[:end]
            if len(got) < want:
                return None  # EFAULT: the kernel fails the call as well
            data += got
            address += want
        return None

    def iovec(self, tid, address, count):
        """[(base, len)] of a struct iovec array in tid (at most IOV_MAX entries)."""
        raw = self.read(tid, address, 16 * min(count, 1024))
        q = memoryview(raw[: len(raw) // 16 * 16]).cast("Q")
        return [(q[i], q[i + 1]) for i in range(0, len(q), 2)]


def kill(pid, sig=SIGKILL):
    try:
        posix.kill(pid, sig)
    except ProcessLookupError:
        pass


# -- /proc ---------------------------------------------------------------------


def read_file(path, limit=4096):
    try:
        fd = posix.open(path, posix.O_RDONLY | posix.O_CLOEXEC)
    except OSError:
        return b""
    try:
        return posix.read(fd, limit)
    except OSError:
        return b""
    finally:
        posix.close(fd)


def read_stat(pid):
    """(ppid, state, cpu_seconds) from /proc/<pid>/stat, or None if gone."""
    data = read_file(f"/proc/{pid}/stat")
    try:
        # comm may contain spaces and parentheses: split after the last ')'.
        fields = data[data.rindex(b")") + 2 :].split()
        cpu = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        return int(fields[1]), fields[0].decode(), cpu
    except (ValueError, IndexError):
        return None


def read_tgid(tid):
    for line in read_file(f"/proc/{tid}/status").splitlines():
        if line.startswith(b"Tgid:"):
            try:
                return int(line.split()[1])
            except (ValueError, IndexError):
                return None
    return None


# -- events --------------------------------------------------------------------

_ESCAPES = {i: f"\\u{i:04x}" for i in range(32)}
_ESCAPES.update({ord('"'): '\\"', ord("\\"): "\\\\"})


def to_json(value):
    """JSON for the few types events use (json costs ~8 ms to import)."""
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return '"' + value.translate(_ESCAPES) + '"'
    if isinstance(value, list | tuple):
        return "[" + ",".join(map(to_json, value)) + "]"
    raise TypeError(type(value))


class Reporter:
    """JSON lines on the events pipe. A broken pipe means the host is gone."""

    def __init__(self, fd):
        self.fd = fd

    def __call__(self, kind, **fields):
        items = [f'"e":"{kind}"'] + [f'"{k}":{to_json(v)}' for k, v in fields.items()]
        self.write(("{" + ",".join(items) + "}\n").encode())

    def write(self, data):
        while data:
            data = data[posix.write(self.fd, data) :]


# -- output attribution --------------------------------------------------------

S_IFMT = 0o170000
S_IFREG = 0o100000


class Outputs:
    """The job's writes to its stdout and stderr, seen at seccomp stops.

    The filter TRACEs write, writev, vmsplice, pwritev2 (offset -1: a writev),
    sendfile and splice whose output fd is 1 or 2, with `flag | kind` as the
    rule's data. At the stop the system call has not run yet: we read its
    arguments and buffer, record who writes what, and let it proceed. The fd
    number is the tracee's own, so the stream is decided by what it refers
    to: the job's stdout pipe or its stderr pipe (our own fds 1 and 2, which
    every job process inherits); a write to another file on fd 1 or 2 (a
    subprocess capture, a dup2'ed file) is not the job's output.
    """

    def __init__(self, report, config, memory):
        self.report = report
        self.memory = memory
        self.flag = config["flag"]
        self.kinds = config["kinds"]
        self.chunk = config["chunk"]
        self.room = {1: config["cap"], 2: config["cap"]}  # bytes still recorded per stream
        self.events_left = config["max_events"]
        self.streams = {}  # (st_dev, st_ino) of our stdout/stderr pipe -> 1 or 2
        for fd in (1, 2):
            try:
                st = posix.fstat(fd)
            except OSError:
                continue
            self.streams.setdefault((st.st_dev, st.st_ino), fd)
        # Nothing (more) to record: the stop only costs the wait and a PTRACE_CONT.
        self.done = not self.streams

    def on_write(self, tid, tgid, kind, args):
        if self.done:
            return
        t = time.monotonic()
        if args is None:
            args = self.memory.args(tid)
        name = self.kinds.get(kind)
        if args is None or name is None:
            return
        stream = self.stream_of(tid, (args[2] if name == "splice" else args[0]) & 0xFFFFFFFF)
        if stream is None:
            return
        room = self.room[stream]
        if room <= 0:
            if room == 0:  # filled exactly by earlier writes: this one is dropped
                self.cap(stream)
            return
        data, total = self.collect(name, tid, args, room)
        for part, offset in enumerate(range(0, len(data), self.chunk)):
            if self.events_left <= 0:
                break
            self.events_left -= 1
            chunk = to_json(data[offset : offset + self.chunk].decode("latin-1"))
            # By hand, not through report(): this is the one frequent event.
            self.report.write(
                f'{{"e":"output","pid":{tgid},"t":{t!r},"fd":{stream},"data":{chunk},'
                f'"part":{part}}}\n'.encode()
            )
        self.room[stream] = room - len(data)
        if total > room or self.events_left <= 0:
            self.cap(stream)
        if self.events_left <= 0:
            self.cap(3 - stream)

    def cap(self, stream):
        if self.room[stream] >= 0:
            self.room[stream] = -1
            self.report("outcap", fd=stream)
        self.done = all(room < 0 for room in self.room.values())

    def stream_of(self, tid, fd):
        try:
            st = posix.stat(f"/proc/{tid}/fd/{fd}")
        except OSError:
            return None
        return self.streams.get((st.st_dev, st.st_ino))

    def collect(self, name, tid, args, room):
        """(bytes to record, at most room; bytes the call tries to write)."""
        if name == "write":
            return self.read(tid, [(args[1], args[2])], room), args[2]
        if name in ("writev", "vmsplice", "pwritev2"):
            iov = self.memory.iovec(tid, args[1], args[2])
            return self.read(tid, iov, room), sum(size for _base, size in iov)
        if name == "sendfile":  # (out_fd, in_fd, loff_t *offset, count)
            return self.from_file(tid, args[1] & 0xFFFFFFFF, args[2], min(args[3], room)), args[3]
        if name == "splice":  # (fd_in, loff_t *off_in, fd_out, off_out, len, flags)
            return self.from_file(tid, args[0] & 0xFFFFFFFF, args[1], min(args[4], room)), args[4]
        return b"", 0

    def read(self, tid, ranges, room):
        chunks = []
        for base, size in ranges:
            size = min(size, room)
            while size > 0:
                data = self.memory.read(tid, base, size)
                if not data:
                    return b"".join(chunks)  # EFAULT: the kernel stops there too
                chunks.append(data)
                base, size, room = base + len(data), size - len(data), room - len(data)
            if room <= 0:
                break
        return b"".join(chunks)

    def from_file(self, tid, fd, offset_address, size):
        """What sendfile/splice will copy from a regular file; b"" for a pipe or socket
        (reading those would consume the data)."""
        if offset_address:
            raw = self.memory.read(tid, offset_address, 8)
            if len(raw) != 8:
                return b""
            offset = int.from_bytes(raw, sys.byteorder, signed=True)
        else:
            offset = None
            for line in read_file(f"/proc/{tid}/fdinfo/{fd}").splitlines():
                if line.startswith(b"pos:"):
                    offset = int(line.split()[1])
            if offset is None:
                return b""
        try:
            source = posix.open(f"/proc/{tid}/fd/{fd}", posix.O_RDONLY | posix.O_CLOEXEC)
        except OSError:
            return b""
        try:
            if posix.fstat(source).st_mode & S_IFMT != S_IFREG or size <= 0:
                return b""
            return posix.pread(source, size, offset)
        except OSError:
            return b""
        finally:
            posix.close(source)


# -- reads of /proc/<n>/stat ----------------------------------------------------


class ProcReads:
    """Opens of /proc/<n>/stat and /proc/<n>/status, with n's state at that moment.

    Only when the launcher asks (config "proc_reads"): the filter then TRACEs
    every open, openat and openat2, with `flag | kind` as the rule's data. At
    the stop the call has not run yet: we read its path from the opener's
    memory (stable: that thread is stopped), and if it is exactly
    /proc/<digits>/stat or /proc/<digits>/status we read n's state from
    /proc/<n>/stat ourselves, report it, and let the open proceed. Relative
    paths (whatever the dirfd), /proc/self/..., /proc/<n>/task/... and any
    other spelling are not recognised.
    """

    PATH_MAX = 64  # "/proc/<pid>/status" is at most 23 bytes

    def __init__(self, report, config, memory):
        self.report = report
        self.memory = memory
        self.kinds = config["kinds"]
        self.left = config["max_events"]

    def on_open(self, tid, tgid, kind, args):
        if self.left <= 0:
            return
        t = time.monotonic()
        if args is None:
            args = self.memory.args(tid)
        name = self.kinds.get(kind)
        if args is None or name is None:
            return
        path = self.memory.string(tid, args[0] if name == "open" else args[1], self.PATH_MAX)
        target = self.target_of(path)
        if target is None:
            return
        stat = read_stat(target)
        self.left -= 1
        self.report("procread", pid=tgid, target=target, state=stat[1] if stat else "", t=t)
        if self.left <= 0:
            self.report("procreadcap")

    @staticmethod
    def target_of(path):
        """n for b"/proc/<n>/stat" or b"/proc/<n>/status", else None."""
        if not path or not path.startswith(b"/proc/"):
            return None
        parts = path.split(b"/")  # ["", "proc", n, "stat"]
        if len(parts) != 4 or parts[3] not in (b"stat", b"status"):
            return None
        digits = parts[2]
        # ASCII digits, no leading zero: what procfs itself accepts.
        if not digits.isdigit() or len(digits) > 10 or digits.startswith(b"0"):
            return None
        return int(digits)


# -- the tracer ----------------------------------------------------------------


class Tracer:
    def __init__(self, report, main_pid, config):
        self.report = report
        self.main = main_pid
        self.me = posix.getpid()
        self.isolated = config["isolated"]
        self.scratch = config["scratch"]
        self.file_bytes = config["file_bytes"]
        self.procs = {}  # live tgid -> parent tgid
        self.threads = {}  # live non-leader tid -> tgid
        self.cpu = {}  # tgid -> best cpu reading so far
        self.ended = set()  # tgids whose death was reported (a 2nd report may follow)
        self.orphans = set()  # tgids whose parent had exited when they began to exit
        self.exiting = {}  # tgid -> when its last thread began to exit (its exit stop)
        # Ids first seen through their own initial stop: the creator's event
        # is still queued and must not register them a second time.
        self.unconfirmed = set()
        self.finishing = False
        outputs = config.get("outputs")
        self.memory = Memory()
        self.outputs = Outputs(report, outputs, self.memory) if outputs else None
        self.output_flag = outputs["flag"] if outputs else 0
        proc_reads = config.get("proc_reads")
        self.proc_reads = ProcReads(report, proc_reads, self.memory) if proc_reads else None
        self.proc_read_flag = proc_reads["flag"] if proc_reads else 0

    def loop(self):
        self.add_process(self.main, self.me)
        self.unconfirmed.discard(self.main)
        while True:
            try:
                pid, status, usage = posix.wait4(-1, WALL)
            except ChildProcessError:
                return
            if posix.WIFSTOPPED(status):
                self.on_stop(pid, status)
            else:
                self.on_death(pid, status, usage)

    # -- registration -------------------------------------------------------

    def add_process(self, pid, ppid):
        self.procs[pid] = ppid
        self.ended.discard(pid)
        self.report("proc", pid=pid, ppid=ppid, t=time.monotonic())
        if self.finishing:
            kill(pid)  # born while we were killing everything: it goes too

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
        sig = posix.WSTOPSIG(status)
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
        elif event == EVENT_SECCOMP:
            try:
                data, args = self.memory.seccomp_stop(tid)  # the rule's data
            except OSError:
                # ESRCH: no longer stopped, i.e. killed meanwhile (by the
                # final kill, say): not a forbidden call. Never resumed.
                kill(self.tgid_of(tid))
                return
            if data & self.output_flag:
                self.outputs.on_write(tid, self.tgid_of(tid), data & ~self.output_flag, args)
                resume(tid)  # the write proceeds
            elif data & self.proc_read_flag:
                self.proc_reads.on_open(tid, self.tgid_of(tid), data & ~self.proc_read_flag, args)
                resume(tid)  # the open proceeds
            else:
                self.on_forbidden(tid, data)
        elif event == EVENT_STOP:
            if sig in GROUP_STOP_SIGNALS:
                # Group-stop (SIGSTOP and friends): stay stopped, as without a
                # tracer, until a SIGCONT; LISTEN keeps us notified.
                try:
                    ptrace(PTRACE_LISTEN, tid)
                except ProcessLookupError:
                    pass
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
        cmdline = read_file(f"/proc/{tid}/cmdline")[:512].rstrip(b"\0").replace(b"\0", b" ")
        comm = read_file(f"/proc/{tid}/comm").rstrip(b"\n")
        self.report(
            "exec",
            pid=tid,
            cmdline=cmdline.decode(errors="replace"),
            comm=comm.decode(errors="replace"),
        )

    def on_forbidden(self, tid, number):
        """A forbidden call's TRACE rule matched (its data: the system call number).
        The system call has not run: kill the process."""
        tgid = self.tgid_of(tid)
        self.report("forbidden", pid=tgid, nr=number, t=time.monotonic())
        kill(tgid)  # wakes the stopped tracee, which dies without running the call

    def on_exit_event(self, tid):
        tgid = self.tgid_of(tid)
        stat = read_stat(tgid)
        if stat is not None:
            self.cpu[tgid] = max(self.cpu.get(tgid, 0.0), stat[2])
        if tid != tgid or self.finishing:
            return
        if tgid not in self.threads.values():
            # Its end: the moment it began to exit, while it is stopped here. Its parent
            # cannot have waited for it yet, so a process started after that wait is
            # recorded as starting after this end (the death report may come later).
            self.exiting[tgid] = time.monotonic()
        # Re-parented to us, the subreaper, though another process created it:
        # its parent exited first and left it an orphan.
        if stat is not None and stat[0] == self.me and self.procs.get(tid, self.me) != self.me:
            self.orphans.add(tid)
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
                # (it was re-parented to us) and this wait4 reaped it. Its
                # parent exited without reaping it.
                self.ended.discard(pid)
                if not self.finishing:
                    self.report("adopted", pid=pid)
                return
            self.add_process(pid, 0)  # died before any report: rare, kept anyway
            self.unconfirmed.add(pid)
        del self.procs[pid]
        self.ended.add(pid)
        code = posix.WEXITSTATUS(status) if posix.WIFEXITED(status) else None
        sig = posix.WTERMSIG(status) if posix.WIFSIGNALED(status) else None
        self.report(
            "exit",
            pid=pid,
            t=self.exiting.pop(pid, None) or time.monotonic(),
            code=code,
            sig=sig,
            cpu=self.cpu_of(pid, usage),
            orphan=int(pid in self.orphans),
        )
        self.orphans.discard(pid)
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

    def job_processes(self):
        """[pid, ppid, state] of every live process below us (zombies included)."""
        stats = {}
        for name in posix.listdir("/proc"):
            if name.isdigit() and int(name) != self.me:
                stat = read_stat(name)
                if stat is not None:
                    stats[int(name)] = stat
        if self.isolated:  # pid 1 of our namespace: everything else is the job
            return sorted([pid, s[0], s[1]] for pid, s in stats.items())
        below = {self.me}
        changed = True
        while changed:  # the host's other processes are not the job's
            changed = False
            for pid, stat in stats.items():
                if pid not in below and stat[0] in below:
                    below.add(pid)
                    changed = True
        return sorted([pid, s[0], s[1]] for pid, s in stats.items() if pid in below)

    def snapshot(self, reason, trigger):
        procs = self.job_processes()
        self.report("snap", t=time.monotonic(), reason=reason, trigger=trigger, procs=procs)

    def check_scratch(self):
        """Scratch file systems found full, or holding a file at RLIMIT_FSIZE.

        Python ignores SIGXFSZ, so a Python job over the file size limit gets
        EFBIG, not a signal: the file it was writing is left at the limit.
        """
        full = []
        budget = [10_000]  # entries looked at, at most
        for path in self.scratch:
            try:
                if posix.statvfs(path).f_bavail == 0:
                    full.append(path)
                    continue
            except OSError:
                continue
            found = self.file_at_limit(path, budget)
            if found:
                full.append(found)
        if full:
            self.report("fsfull", paths=full)

    def file_at_limit(self, directory, budget):
        try:
            entries = list(posix.scandir(directory))
        except OSError:
            return None
        for entry in entries:
            budget[0] -= 1
            if budget[0] < 0:
                return None
            try:
                if entry.is_dir(follow_symlinks=False):
                    found = self.file_at_limit(entry.path, budget)
                    if found:
                        return found
                elif (
                    entry.is_file(follow_symlinks=False)
                    and entry.stat(follow_symlinks=False).st_size >= self.file_bytes
                ):
                    return entry.path
            except OSError:
                pass
        return None

    def finish(self):
        """The main command ended: record what is left, then kill it all."""
        self.finishing = True
        self.snapshot("main_exited", self.main)
        self.report("leftovers", pids=sorted(self.procs))
        self.check_scratch()
        self.kill_all()

    def kill_all(self):
        if self.isolated:
            # From pid 1, -1 means every other process in the namespace.
            kill(-1)
            return
        # Insecure mode: not a namespace's pid 1, so never kill(-1) (that
        # would be every process of this user on the host). Kill what we
        # traced; anything born meanwhile is killed on registration.
        for pid in list(self.procs) + [p[0] for p in self.job_processes()]:
            kill(pid)


# -- the main command ----------------------------------------------------------


def set_rlimits(rlimits):
    for number, soft, hard in rlimits:
        limit, address = _buffer(soft.to_bytes(8, sys.byteorder) + hard.to_bytes(8, sys.byteorder))
        _check(_setrlimit(number, address), f"setrlimit({number})")
        del limit


def load_seccomp(program):
    """Install the launcher's BPF filter on this process (and its future children)."""
    filters, filters_address = _buffer(program)
    # struct sock_fprog {unsigned short len; (padding) struct sock_filter *filter;}
    fprog = (len(program) // 8).to_bytes(2, sys.byteorder) + bytes(6)
    header, header_address = _buffer(fprog + filters_address.to_bytes(8, sys.byteorder))
    _check(_prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")
    _check(_prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, header_address, 0, 0), "seccomp")
    del filters, header


def execvpe(argv, env):
    """execve with a PATH search (os.execvpe without importing os)."""
    command = argv[0]
    if "/" in command:
        posix.execve(command, argv, env)
    error = FileNotFoundError(2, f"{command}: command not found")
    for directory in env.get("PATH", "/usr/bin:/bin").split(":"):
        try:
            posix.execve(f"{directory or '.'}/{command}", argv, env)
        except (FileNotFoundError, NotADirectoryError):
            pass
        except OSError as exc:
            error = exc
    raise error


def run_child(config, go_read, go_write):
    """In the forked child: wait to be seized, apply limits, exec the command."""
    argv = config["argv"]
    try:
        posix.close(go_write)
        posix.close(config["events_fd"])
        posix.read(go_read, 1)
        posix.close(go_read)
        # Python ignores these at startup; the job must get default dispositions.
        _signal.signal(_signal.SIGPIPE, _signal.SIG_DFL)
        _signal.signal(_signal.SIGXFSZ, _signal.SIG_DFL)
        try:
            fd = posix.open("/proc/self/oom_score_adj", posix.O_WRONLY | posix.O_CLOEXEC)
            posix.write(fd, JOB_OOM_SCORE_ADJ)
            posix.close(fd)
        except OSError:
            pass
        set_rlimits(config["rlimits"])
        env = dict(config["env"])
        env["PROCTOR_RESULT_FD"] = str(config["result_fd"])
        posix.set_inheritable(config["result_fd"], True)
        if config["seccomp"]:
            load_seccomp(config["seccomp"])
        execvpe(argv, env)
    except BaseException as exc:
        try:
            posix.write(2, f"sandbox: cannot run {argv[0]!r}: {exc}\n".encode())
        finally:
            posix._exit(127)


def close_other_fds(keep):
    for name in posix.listdir("/proc/self/fd"):
        fd = int(name)
        if fd > 2 and fd not in keep:
            try:
                posix.close(fd)
            except OSError:
                pass


def read_config(fd):
    chunks = []
    while chunk := posix.read(fd, 1 << 20):
        chunks.append(chunk)
    posix.close(fd)
    # Written by the launcher (our code, same interpreter) on a pipe only it holds.
    return marshal.loads(b"".join(chunks))  # noqa: S302


def main(argv):
    config = read_config(int(argv[1]))
    events_fd = config["events_fd"]
    close_other_fds({events_fd, config["result_fd"]})
    posix.set_inheritable(events_fd, False)
    report = Reporter(events_fd)
    if not config["isolated"]:
        # Orphans of the job are re-parented to us, not to the host's init.
        _prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    go_read, go_write = posix.pipe()
    report("hello", t=time.monotonic())
    pid = posix.fork()
    if pid == 0:
        run_child(config, go_read, go_write)
    posix.close(go_read)
    posix.close(config["result_fd"])  # only the job writes results
    try:
        ptrace(PTRACE_SEIZE, pid, 0, OPTIONS)
    except OSError as exc:
        report("fatal", msg=f"ptrace(PTRACE_SEIZE) refused: {exc}")
        kill(pid)
        posix.waitpid(pid, 0)
        return 3
    # Not dumpable from now on: job processes cannot open /proc/1/fd or trace
    # us. Done after the fork, or the child would inherit it and be untraceable.
    _prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)
    posix.write(go_write, b"x")
    posix.close(go_write)
    tracer = Tracer(report, pid, config)
    try:
        tracer.loop()
    finally:
        if not tracer.finishing:
            tracer.finishing = True
            tracer.kill_all()
    report("done", t=time.monotonic())
    return 0


if __name__ == "__main__":
    try:
        status = main(sys.argv)
    except BaseException:
        sys.excepthook(*sys.exc_info())
        status = 1
    # Everything is reported with raw writes: skip the interpreter's
    # finalisation (a millisecond or two on the path to the host's EOF).
    posix._exit(status)
