"""The seccomp filter: forbidden system calls kill and are recorded; multiprocessing works."""

import pytest

from .helpers import by_pid, run_code

pytestmark = pytest.mark.usefixtures("sandbox_ready")

LIBC = """
import ctypes, os, sys, time
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
PTRACE_ATTACH = 16
"""

# name -> (code run by the main command, forbidden system call)
IN_MAIN = {
    "ptrace-own-child": (
        "child = os.fork()\nif child == 0:\n    time.sleep(30)\n"
        "libc.ptrace(PTRACE_ATTACH, child, None, None)\n",
        "ptrace",
    ),
    "mount": ("libc.mount(b'none', b'/tmp', b'tmpfs', 0, None)\n", "mount"),
    "unshare": ("libc.unshare(0x10000000)\n", "unshare"),  # CLONE_NEWUSER
    "io_uring_setup": (
        "libc.syscall(425, 8, ctypes.create_string_buffer(120))\n",
        "io_uring_setup",
    ),
    "bpf": ("libc.syscall(321, 0, ctypes.create_string_buffer(64), 64)\n", "bpf"),
    "clone-newuser": ("libc.syscall(56, 0x10000000 | 17, 0, 0, 0, 0)\n", "clone"),
    "setns": ("libc.setns(0, 0)\n", "setns"),
    "keyctl": ("libc.syscall(250, 0, 0, 0, 0, 0)\n", "keyctl"),
    "tiocsti": ("import fcntl\nfcntl.ioctl(0, 0x5412, b'x')\n", "ioctl"),
}


@pytest.mark.parametrize("case", list(IN_MAIN), ids=list(IN_MAIN))
def test_forbidden_call_in_main_kills_and_is_recorded(case):
    code, syscall = IN_MAIN[case]
    obs = run_code(LIBC + code + "print('survived')\n")
    assert obs.stdout == b"", obs.stdout
    assert obs.forbidden == ((obs.main_pid, syscall),)
    assert (obs.signal, obs.end_reason) == (9, "killed")


def test_ptrace_of_the_parent_kills_the_child_only():
    obs = run_code(
        LIBC
        + """
child = os.fork()
if child == 0:
    libc.ptrace(PTRACE_ATTACH, os.getppid(), None, None)
    os._exit(0)
print(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]), child)
"""
    )
    code, child = (int(x) for x in obs.stdout.split())
    assert code == -9
    assert obs.forbidden == ((child, "ptrace"),)
    assert by_pid(obs)[child].signal == 9
    assert (obs.exit_code, obs.end_reason) == (0, "exited")


def test_forbidden_call_from_a_thread_kills_its_whole_process():
    obs = run_code(
        LIBC
        + """
import threading
threading.Thread(target=lambda: libc.syscall(321, 0, 0, 0)).start()
time.sleep(5)
print("survived")
"""
    )
    assert obs.forbidden == ((obs.main_pid, "bpf"),)
    assert obs.signal == 9 and obs.stdout == b"" and obs.wall_seconds < 4


def test_sockets_unix_only_and_clone3_falls_back():
    obs = run_code(
        LIBC
        + """
import errno, socket
for family in (socket.AF_INET, socket.AF_INET6, socket.AF_NETLINK, socket.AF_PACKET):
    try:
        socket.socket(family, socket.SOCK_DGRAM)
        print("opened", family)
    except OSError as exc:
        print(errno.errorcode[exc.errno])
a, b = socket.socketpair()            # AF_UNIX
a.sendall(b"ping")
print(b.recv(4).decode())
try:
    socket.socketpair(socket.AF_INET)
except OSError as exc:
    print("pair", errno.errorcode[exc.errno])
print("clone3", libc.syscall(435, 0, 0), errno.errorcode[ctypes.get_errno()])
"""
    )
    assert obs.stdout.decode().split("\n") == [
        "EAFNOSUPPORT",
        "EAFNOSUPPORT",
        "EAFNOSUPPORT",
        "EAFNOSUPPORT",
        "ping",
        "pair EAFNOSUPPORT",
        "clone3 -1 ENOSYS",
        "",
    ], obs.stderr
    assert obs.forbidden == ()


MULTIPROCESSING = """
import multiprocessing as mp, sys, threading

def work(x):
    return x * x

def fill(shared, queue, lock, i):
    with lock:
        shared[i] = i * 10
    queue.put(i)

if __name__ == "__main__":
    ctx = mp.get_context(sys.argv[1])
    with ctx.Manager() as manager:                  # a server process over AF_UNIX
        shared = manager.dict()
        queue, lock = ctx.Queue(), ctx.Lock()       # a pipe, semaphores in /dev/shm
        procs = [ctx.Process(target=fill, args=(shared, queue, lock, i)) for i in range(3)]
        for p in procs:
            p.start()
        got = sorted(queue.get(timeout=10) for _ in procs)
        for p in procs:
            p.join()
        print(dict(sorted(shared.items())), got)
    with ctx.Pool(2) as pool:
        print(pool.map(work, range(5)))
    t = threading.Thread(target=print, args=("thread",))
    t.start()
    t.join()
"""


@pytest.mark.parametrize("method", ["fork", "spawn", "forkserver"])
def test_multiprocessing_works_under_the_filter(method):
    obs = run_code(MULTIPROCESSING, method, wall_seconds=20)
    assert obs.stdout.decode().splitlines() == [
        "{0: 0, 1: 10, 2: 20} [0, 1, 2]",
        "[0, 1, 4, 9, 16]",
        "thread",
    ], obs.stderr
    assert obs.exit_code == 0 and obs.forbidden == () and obs.limit_hits == ()
