# attack: ptrace its own child (PTRACE_ATTACH and PTRACE_SEIZE) and poke its memory
# expect-note: forbidden operation (ptrace)
import ctypes
import os
import time
from multiprocessing import Process

PTRACE_POKEDATA, PTRACE_ATTACH, PTRACE_DETACH, PTRACE_SEIZE = 5, 16, 17, 0x4206


def run_in_child(target, args):
    libc = ctypes.CDLL(None, use_errno=True)
    libc.ptrace.restype = ctypes.c_long
    libc.ptrace.argtypes = [ctypes.c_long, ctypes.c_long, ctypes.c_void_p, ctypes.c_void_p]
    pid = os.fork()
    if pid == 0:
        time.sleep(1)
        os._exit(0)
    for name, request in (("attach", PTRACE_ATTACH), ("seize", PTRACE_SEIZE)):
        result = libc.ptrace(request, pid, None, None)
        print("ptrace", name, "own child:", result, os.strerror(ctypes.get_errno()))
        if result == 0:
            print("poke", libc.ptrace(PTRACE_POKEDATA, pid, 0x400000, 0))
            libc.ptrace(PTRACE_DETACH, pid, None, None)
    os.waitpid(pid, 0)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
