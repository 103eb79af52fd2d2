# attack: io_uring_setup through syscall(), a kernel surface the job never needs
# expect-note: forbidden operation (io_uring_setup)
import ctypes
import os
import platform
from multiprocessing import Process

NUMBERS = {"x86_64": 425, "aarch64": 425}


def run_in_child(target, args):
    libc = ctypes.CDLL(None, use_errno=True)
    params = ctypes.create_string_buffer(120)
    result = libc.syscall(NUMBERS[platform.machine()], 8, params)
    print("io_uring_setup:", result, os.strerror(ctypes.get_errno()))
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
