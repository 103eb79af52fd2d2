# attack: make its processes unkillable by the OOM killer (oom_score_adj -1000), and the harness's
# expect-passed: yes
import os
from multiprocessing import Process


def run_in_child(target, args):
    for pid in ("self", str(os.getppid()), "1"):
        for name, value in (("oom_score_adj", "-1000"), ("oom_adj", "-17")):
            path = f"/proc/{pid}/{name}"
            try:
                with open(path, "w") as f:
                    f.write(value)
                print("wrote", path, value)
            except OSError as exc:
                print(path, type(exc).__name__, exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
