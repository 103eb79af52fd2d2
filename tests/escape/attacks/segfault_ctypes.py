# attack: a segfault through ctypes (reading address 0) in the caller
# expect-note: crashed with SIGSEGV
# expect-passed: no
import ctypes


def run_in_child(target, args):
    return len(ctypes.string_at(0))
