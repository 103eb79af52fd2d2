# attack: bpf(BPF_MAP_CREATE) through syscall()
# expect-note: forbidden operation (bpf)
import ctypes
import os
import platform
import struct
from multiprocessing import Process

NUMBERS = {"x86_64": 321, "aarch64": 280}


def run_in_child(target, args):
    libc = ctypes.CDLL(None, use_errno=True)
    attr = ctypes.create_string_buffer(struct.pack("IIII", 2, 4, 8, 16), 128)  # array map
    result = libc.syscall(NUMBERS[platform.machine()], 0, attr, 128)
    print("bpf:", result, os.strerror(ctypes.get_errno()))
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
