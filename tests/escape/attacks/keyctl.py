# attack: the kernel keyrings: read the session and user keyrings, add a key to them
# expect-note: forbidden operation (keyctl)
import ctypes
import os
import platform
from multiprocessing import Process

KEYCTL = {"x86_64": 250, "aarch64": 219}
ADD_KEY = {"x86_64": 248, "aarch64": 217}
KEYCTL_DESCRIBE, KEYCTL_READ = 6, 11


def run_in_child(target, args):
    libc = ctypes.CDLL(None, use_errno=True)
    buffer = ctypes.create_string_buffer(4096)
    for ring in (-3, -4, -5):  # session, user, user-session
        size = libc.syscall(KEYCTL[platform.machine()], KEYCTL_DESCRIBE, ring, buffer, 4096)
        print("keyring", ring, size, buffer.value, os.strerror(ctypes.get_errno()))
        size = libc.syscall(KEYCTL[platform.machine()], KEYCTL_READ, ring, buffer, 4096)
        print("keys in", ring, buffer.raw[: max(size, 0)])
    key = libc.syscall(ADD_KEY[platform.machine()], b"user", b"proctor-escape", b"note", 4, -4)
    print("add_key:", key, os.strerror(ctypes.get_errno()))
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
