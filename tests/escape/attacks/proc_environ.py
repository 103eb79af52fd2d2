# attack: read /proc/1/environ, every /proc/*/environ and /proc/*/cmdline, and its own env
# expect-passed: yes
import glob
import os
from multiprocessing import Process


def run_in_child(target, args):
    if os.path.exists("/tmp/.dumped"):
        return plain(target, args)
    open("/tmp/.dumped", "w").close()
    print("own environment:", dict(os.environ))
    paths = ["/proc/1/environ", "/proc/2/environ", "/proc/self/environ"]
    paths += glob.glob("/proc/[0-9]*/environ") + glob.glob("/proc/[0-9]*/cmdline")
    paths += glob.glob("/proc/[0-9]*/task/[0-9]*/environ")
    for path in paths:
        try:
            with open(path, "rb") as f:
                print(path, f.read(4000))
        except OSError as exc:
            print(path, type(exc).__name__)
    return plain(target, args)


def plain(target, args):
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
