# attack: perf_event_open on itself (user-space cycles), a classic kernel attack surface
# expect-note: forbidden operation (perf_event_open)
import ctypes
import os
import platform
import struct
from multiprocessing import Process

NUMBERS = {"x86_64": 298, "aarch64": 241}


def run_in_child(target, args):
    libc = ctypes.CDLL(None, use_errno=True)
    # type HARDWARE, size 112, config CPU_CYCLES, flags: disabled | exclude_kernel | exclude_hv
    attr = ctypes.create_string_buffer(struct.pack("IIQQQQQ", 0, 112, 0, 0, 0, 0, 1 | 32 | 64), 112)
    result = libc.syscall(NUMBERS[platform.machine()], attr, 0, -1, -1, 0)
    print("perf_event_open:", result, os.strerror(ctypes.get_errno()))
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
