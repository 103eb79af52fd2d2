# attack: PTRACE_ATTACH / PTRACE_SEIZE the parent (the harness), PTRACE_TRACEME, then peek
# expect-note: forbidden operation (ptrace)
import ctypes
import os
from multiprocessing import Process

PTRACE_TRACEME, PTRACE_PEEKDATA, PTRACE_ATTACH, PTRACE_SEIZE = 0, 2, 16, 0x4206


def run_in_child(target, args):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.restype = ctypes.c_long
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    parent = os.getppid()
    for name, request, pid in (
        ("attach", PTRACE_ATTACH, parent),
        ("seize", PTRACE_SEIZE, parent),
        ("attach pid 1", PTRACE_ATTACH, 1),
        ("traceme", PTRACE_TRACEME, 0),
    ):
        result = libc.ptrace(request, pid, None, None)
        print("ptrace", name, result, os.strerror(ctypes.get_errno()))
        if result == 0 and pid:
            print("peek", libc.ptrace(PTRACE_PEEKDATA, pid, 0x400000, None))
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
