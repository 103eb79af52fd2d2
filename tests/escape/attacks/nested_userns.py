# attack: a nested user namespace (unshare CLONE_NEWUSER|CLONE_NEWNS), become root, mount
# expect-note: forbidden operation (unshare)
import ctypes
import os
from multiprocessing import Process

CLONE_NEWNS, CLONE_NEWUSER = 0x00020000, 0x10000000
MS_BIND, MS_REC, MS_REMOUNT = 0x1000, 0x4000, 0x20


def escalate():
    libc = ctypes.CDLL(None, use_errno=True)
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0:
        print("unshare refused:", os.strerror(ctypes.get_errno()))
        os._exit(0)
    try:
        with open("/proc/self/setgroups", "w") as f:
            f.write("deny")
        with open("/proc/self/uid_map", "w") as f:
            f.write(f"0 {uid} 1")
        with open("/proc/self/gid_map", "w") as f:
            f.write(f"0 {gid} 1")
    except OSError as exc:
        print("maps:", exc)
    print("inside the nested namespace: uid", os.getuid())
    mounts = [
        (b"none", b"/tmp", b"tmpfs", 0),
        (b"proc", b"/proc", b"proc", 0),
        (b"/", b"/tmp", None, MS_BIND | MS_REC),
        (b"sysfs", b"/tmp", b"sysfs", 0),
        (b"cgroup", b"/tmp", b"cgroup", 0),
        (b"none", b"/job", None, MS_REMOUNT | MS_BIND),
    ]
    for source, target, fstype, flags in mounts:
        result = libc.mount(source, target, fstype, flags, None)
        print("mount", source, target, fstype, result, os.strerror(ctypes.get_errno()))
    for path in ("/etc/shadow", "/sys/fs/cgroup", "/tmp"):
        try:
            if os.path.isdir(path):
                print(path, os.listdir(path))
            else:
                with open(path) as f:
                    print(path, f.read())
        except OSError as exc:
            print(path, type(exc).__name__)
    os._exit(0)


def run_in_child(target, args):
    pid = os.fork()
    if pid == 0:
        escalate()
    os.waitpid(pid, 0)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
