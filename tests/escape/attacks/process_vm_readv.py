# attack: process_vm_readv of the parent (the harness) to read its memory
# expect-note: forbidden operation (process_vm_readv)
import ctypes
import os
from multiprocessing import Process


class IOVec(ctypes.Structure):
    _fields_ = [("base", ctypes.c_void_p), ("length", ctypes.c_size_t)]


def run_in_child(target, args):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.process_vm_readv.restype = ctypes.c_ssize_t
    buffer = ctypes.create_string_buffer(4096)
    local = IOVec(ctypes.cast(buffer, ctypes.c_void_p), 4096)
    for pid in (os.getppid(), 1):
        with open("/proc/self/maps") as f:  # the harness is a fork: same layout
            start = int(f.readline().split("-")[0], 16)
        remote = IOVec(start, 4096)
        n = libc.process_vm_readv(pid, ctypes.byref(local), 1, ctypes.byref(remote), 1, 0)
        print("process_vm_readv of", pid, n, os.strerror(ctypes.get_errno()), buffer.raw[:16])
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
