# attack: userfaultfd (user-mode only), used to win kernel races
# expect-note: forbidden operation (userfaultfd)
import ctypes
import os
import platform
from multiprocessing import Process

NUMBERS = {"x86_64": 323, "aarch64": 282}
UFFD_USER_MODE_ONLY = 1


def run_in_child(target, args):
    libc = ctypes.CDLL(None, use_errno=True)
    result = libc.syscall(NUMBERS[platform.machine()], os.O_CLOEXEC | UFFD_USER_MODE_ONLY)
    print("userfaultfd:", result, os.strerror(ctypes.get_errno()))
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
