# attack: open the host's devices (/dev/mem, kmsg, disks, tty, console, kvm, tun, fuse)
# expect-passed: yes
import os
from multiprocessing import Process

DEVICES = [
    "/dev/mem",
    "/dev/kmem",
    "/dev/port",
    "/dev/kmsg",
    "/dev/sda",
    "/dev/vda",
    "/dev/nvme0n1",
    "/dev/xvda",
    "/dev/console",
    "/dev/tty0",
    "/dev/tty1",
    "/dev/kvm",
    "/dev/net/tun",
    "/dev/fuse",
    "/dev/loop0",
    "/dev/loop-control",
    "/dev/dri/card0",
    "/dev/input/event0",
    "/dev/hidraw0",
    "/dev/snd/controlC0",
    "/dev/ttyS0",
]


def run_in_child(target, args):
    print("/dev holds", sorted(os.listdir("/dev")))
    for path in DEVICES:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
            try:
                print("opened", path, os.read(fd, 64))
            except OSError as exc:
                print("opened", path, "read:", exc)
            os.close(fd)
        except OSError as exc:
            print(path, type(exc).__name__)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
