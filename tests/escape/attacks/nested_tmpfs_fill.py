# attack: in a nested user+mount namespace, mount a tmpfs with no size cap and fill it (300 MiB)
# expect-note: forbidden operation (unshare)
import ctypes
import os
from multiprocessing import Process

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000


def fill():
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
        print("unshare refused:", os.strerror(ctypes.get_errno()))
        os._exit(0)
    for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)
    os.makedirs("/tmp/big", exist_ok=True)
    if libc.mount(b"none", b"/tmp/big", b"tmpfs", 0, None) != 0:
        print("mount refused:", os.strerror(ctypes.get_errno()))
        os._exit(0)
    written = 0
    try:
        for i in range(75):  # 75 x 4 MiB: each file under RLIMIT_FSIZE, the sum far over the caps
            with open(f"/tmp/big/f{i}", "wb") as f:
                f.write(b"t" * (4 * 2**20))
            written += 4
    except OSError as exc:
        print("stopped:", exc)
    print("MiB written to an uncapped tmpfs:", written)
    os._exit(0)


def run_in_child(target, args):
    if not os.path.exists("/tmp/.filled"):
        open("/tmp/.filled", "w").close()
        pid = os.fork()
        if pid == 0:
            fill()
        os.waitpid(pid, 0)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
