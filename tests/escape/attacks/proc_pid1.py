# attack: look into the supervisor (pid 1) and the harness (the parent) through /proc
# expect-passed: yes
import os
from multiprocessing import Process


def run_in_child(target, args):
    for pid in (1, os.getppid()):
        for name in ("maps", "mem", "stack", "syscall", "auxv", "status", "fd", "root", "cwd"):
            path = f"/proc/{pid}/{name}"
            try:
                if os.path.isdir(path):
                    print(path, os.listdir(path))
                else:
                    with open(path, "rb") as f:
                        print(path, f.read(300))
            except OSError as exc:
                print(path, type(exc).__name__)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
