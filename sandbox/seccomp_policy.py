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

_lock = threading.Lock()
_cache: tuple[bytes, dict[int, str]] | None = None


def build() -> tuple[bytes, dict[int, str]]:
    """(BPF program, {syscall number: name} of the traced ones). Cached per process."""
    global _cache
    with _lock:
        if _cache is None:
            _cache = _build()
        return _cache


def _build() -> tuple[bytes, dict[int, str]]:
    import pyseccomp as sc  # ~30 ms to import: only once per worker process

    arch = sc.Arch.NATIVE
    filt = sc.SyscallFilter(sc.ALLOW)
    filt.set_attr(sc.Attr.ACT_BADARCH, sc.KILL_PROCESS)
    names: dict[int, str] = {}

    def trace(name: str, *args: object) -> None:
        number = sc.resolve_syscall(arch, name)
        if number < 0:  # unknown to this libseccomp/arch: nothing to filter
            return
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
