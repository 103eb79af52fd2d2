# attack: mount(2) and umount(2) directly, without a new namespace
# expect-note: forbidden operation (mount)
import ctypes
import os
from multiprocessing import Process


def run_in_child(target, args):
    libc = ctypes.CDLL(None, use_errno=True)
    os.makedirs("/tmp/m", exist_ok=True)
    for source, target_dir, fstype in (
        (b"none", b"/tmp/m", b"tmpfs"),
        (b"proc", b"/tmp/m", b"proc"),
        (b"/", b"/tmp/m", None),
    ):
        result = libc.mount(source, target_dir, fstype, 0x1000 if fstype is None else 0, None)
        print("mount", source, fstype, result, os.strerror(ctypes.get_errno()))
    for path in (b"/job", b"/proc", b"/tmp"):
        result = libc.umount2(path, 2)
        print("umount", path, result, os.strerror(ctypes.get_errno()))
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
