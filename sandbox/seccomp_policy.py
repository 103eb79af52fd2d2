"""The job's seccomp filter, built on the host with pyseccomp (libseccomp).

The launcher exports it as classic BPF and hands the bytes to the supervisor,
which loads it in the forked main command just before exec (the supervisor
itself stays unfiltered: it needs ptrace). Every job process inherits it.

Policy (default ALLOW: the jobs are ordinary Python programs, and the other
layers, namespaces, cgroups and the unprivileged uid, do the containing):

- socket/socketpair: AF_UNIX only (multiprocessing's Manager, forkserver and
  Pipe use it); any other domain fails with EAFNOSUPPORT, so a job sees an
  ordinary error instead of a network.
- TRACE (the supervisor records a `forbidden` event and SIGKILLs the process):
  system calls a Python exercise never needs and that attack the kernel or
  the sandbox itself: ptrace and process_vm_* (inspect or control another
  process), the mount family and pivot_root, unshare/setns and clone with
  namespace flags (new namespaces are the usual way to reach more kernel
  code), keyrings, bpf, perf_event_open, userfaultfd (an exploit helper),
  io_uring (bypasses seccomp for the I/O it performs), module and kexec
  loading, swap, reboot, acct, quotactl, *_by_handle_at (escape a bind mount
  by file handle), and ioctl(TIOCSTI) (push input into a terminal).
- clone3 fails with ENOSYS: its flags live in memory that seccomp cannot read,
  and glibc then falls back to clone, whose flags the filter checks.
- Another architecture's system calls (int 0x80, x32) kill the process.
- TRACE (the supervisor records an `output` event, then lets the call run):
  write, writev, vmsplice, pwritev2 with offset -1 (a writev), sendfile and
  splice whose output fd is 1 or 2. The rule's data is OUTPUT_FLAG | the
  kind's code in OUTPUT_KINDS (forbidden calls: the syscall number, always
  below OUTPUT_FLAG). pwrite64 and pwritev are not traced: on a pipe, which
  the job's stdout and stderr always are, they fail with ESPIPE.
- Only with build(proc_reads=True): TRACE (the supervisor records a
  `procread` event when the path is /proc/<n>/stat or /proc/<n>/status, then
  lets the call run) every open, openat and openat2. The rule's data is
  PROC_READ_FLAG | the call's code in PROC_READ_KINDS.

TRACE data (16 bits): below PROC_READ_FLAG (0x4000), a forbidden system
call's number (at most 442, mount_setattr, on x86_64 and aarch64; checked
when building);
0x4000 | code, an open to look at; 0x8000 | code, an output to record.
"""

from __future__ import annotations

import errno
import os
import threading

AF_UNIX = 1
TIOCSTI = 0x5412
#: clone() flags that create namespaces (CLONE_NEWTIME cannot be passed to clone()).
NAMESPACE_FLAGS = {
    "CLONE_NEWNS": 0x00020000,
    "CLONE_NEWCGROUP": 0x02000000,
    "CLONE_NEWUTS": 0x04000000,
    "CLONE_NEWIPC": 0x08000000,
    "CLONE_NEWUSER": 0x10000000,
    "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000,
}
TRACED = (
    "ptrace",
    "process_vm_readv",
    "process_vm_writev",
    "mount",
    "umount2",
    "pivot_root",
    "fsopen",
    "fsconfig",
    "fsmount",
    "fspick",
    "move_mount",
    "open_tree",
    "mount_setattr",
    "unshare",
    "setns",
    "keyctl",
    "add_key",
    "request_key",
    "bpf",
    "perf_event_open",
    "userfaultfd",
    "io_uring_setup",
    "io_uring_enter",
    "io_uring_register",
    "kexec_load",
    "kexec_file_load",
    "init_module",
    "finit_module",
    "delete_module",
    "swapon",
    "swapoff",
    "reboot",
    "acct",
    "quotactl",
    "open_by_handle_at",
    "name_to_handle_at",
)

#: Bit set in the TRACE data of the output rules (syscall numbers are far below).
OUTPUT_FLAG = 0x8000
#: Code (the rest of the TRACE data) -> the system call whose output is recorded;
#: sent to the supervisor in its configuration.
OUTPUT_KINDS = {1: "write", 2: "writev", 3: "vmsplice", 4: "pwritev2", 5: "sendfile", 6: "splice"}
#: Which argument is the output fd (the others: 0).
_OUTPUT_FD_ARG = {"splice": 2}
#: Bit set in the TRACE data of the open rules (build(proc_reads=True)): every
#: forbidden call's number is below it, and it is not OUTPUT_FLAG.
PROC_READ_FLAG = 0x4000
#: Code (the rest of the TRACE data) -> the opening system call; sent to the
#: supervisor (the path is argument 0 of open, argument 1 of the others).
PROC_READ_KINDS = {1: "open", 2: "openat", 3: "openat2"}
#: Output tracing: "std" (fd 1 or 2, the default), "off" (benchmark only),
#: "all" (every fd: measured, see bench/sandbox_overhead.md, not used).
OUTPUT_MODES = ("std", "off", "all")
_U32 = 0xFFFFFFFF
_U64 = 0xFFFFFFFFFFFFFFFF

_lock = threading.Lock()
_cache: dict[tuple[str, bool], tuple[bytes, dict[int, str]]] = {}


def build(outputs: str = "std", proc_reads: bool = False) -> tuple[bytes, dict[int, str]]:
    """(BPF program, {syscall number: name} of the forbidden ones). Cached per process.

    proc_reads: also TRACE the opening calls, to record reads of /proc/<n>/stat(us).
    """
    if outputs not in OUTPUT_MODES:
        raise ValueError(f"outputs must be one of {OUTPUT_MODES}, not {outputs!r}")
    if not isinstance(proc_reads, bool):
        raise ValueError(f"proc_reads must be a bool, not {proc_reads!r}")
    key = (outputs, proc_reads)
    with _lock:
        if key not in _cache:
            _cache[key] = _build(outputs, proc_reads)
        return _cache[key]


def _build(outputs: str, proc_reads: bool) -> tuple[bytes, dict[int, str]]:
    import pyseccomp as sc  # ~30 ms to import: only once per worker process

    arch = sc.Arch.NATIVE
    filt = sc.SyscallFilter(sc.ALLOW)
    filt.set_attr(sc.Attr.ACT_BADARCH, sc.KILL_PROCESS)
    names: dict[int, str] = {}

    def trace(name: str, *args: object) -> None:
        number = sc.resolve_syscall(arch, name)
        if number < 0:  # unknown to this libseccomp/arch: nothing to filter
            return
        if number >= PROC_READ_FLAG:  # would be taken for an open or an output
            raise RuntimeError(f"{name} is system call {number}: too large for the TRACE data")
        names[number] = name
        # The rule's data (16 bits) is the syscall number: the supervisor gets
        # it with PTRACE_GETEVENTMSG, no register reading needed.
        filt.add_rule(sc.TRACE(number), number, *args)

    for name in TRACED:
        trace(name)
    for flag in NAMESPACE_FLAGS.values():
        trace("clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    trace("ioctl", sc.Arg(1, sc.MASKED_EQ, 0xFFFFFFFF, TIOCSTI))
    for name in ("socket", "socketpair"):
        filt.add_rule(sc.ERRNO(errno.EAFNOSUPPORT), name, sc.Arg(0, sc.NE, AF_UNIX))
    filt.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    if outputs != "off":
        for code, name in OUTPUT_KINDS.items():
            if sc.resolve_syscall(arch, name) < 0:
                continue
            extra = []
            if name == "pwritev2":  # offset -1: the current position, as writev
                extra.append(sc.Arg(3, sc.EQ, _U64))
            fds = (1, 2) if outputs == "std" else (None,)
            for fd in fds:
                # fd is an int: compare its 32 bits only, as the kernel reads it.
                cond = (
                    []
                    if fd is None
                    else [sc.Arg(_OUTPUT_FD_ARG.get(name, 0), sc.MASKED_EQ, _U32, fd)]
                )
                filt.add_rule(sc.TRACE(OUTPUT_FLAG | code), name, *cond, *extra)
    if proc_reads:
        for code, name in PROC_READ_KINDS.items():
            if sc.resolve_syscall(arch, name) >= 0:  # no open on aarch64
                filt.add_rule(sc.TRACE(PROC_READ_FLAG | code), name)
    fd = os.memfd_create("proctor-seccomp", os.MFD_CLOEXEC)
    try:
        with os.fdopen(os.dup(fd), "wb") as out:
            filt.export_bpf(out)
        program = os.pread(fd, os.fstat(fd).st_size, 0)
    finally:
        os.close(fd)
    if not program or len(program) % 8:
        raise RuntimeError(f"libseccomp exported a malformed BPF program ({len(program)} bytes)")
    return program, names
