# attack: raise every rlimit above its hard limit (and read the harness's limits)
# expect-passed: yes
import os
import resource
from multiprocessing import Process


def run_in_child(target, args):
    for name in ("RLIMIT_NPROC", "RLIMIT_AS", "RLIMIT_CPU", "RLIMIT_NOFILE", "RLIMIT_FSIZE"):
        which = getattr(resource, name)
        soft, hard = resource.getrlimit(which)
        try:
            resource.setrlimit(which, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
            print(name, "raised from", hard, "to unlimited")
        except (ValueError, OSError) as exc:
            print(name, (soft, hard), "not raised:", exc)
        try:
            print(name, "of the harness", resource.prlimit(os.getppid(), which))
        except OSError as exc:
            print(name, "of the harness", exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
