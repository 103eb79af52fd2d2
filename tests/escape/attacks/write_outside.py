# attack: write outside the scratch: the host target, /job/solution.py, the harness, /usr, /etc
# expect-passed: yes
import os
from multiprocessing import Process

TARGETS = [
    "{HOST_WRITE_TARGET}",
    "/job/solution.py",
    "/job/harness.py",
    "/job/proctor-escape-written",
    "/usr/proctor-escape-written",
    "/usr/local/proctor-escape-written",
    "/etc/proctor-escape-written",
    "/etc/passwd",
    "/proctor-escape-written",
    "/var/tmp/proctor-escape-written",
    "/supervisor/supervisor.py",
]


def run_in_child(target, args):
    for path in TARGETS:
        try:
            with open(path, "a") as f:
                f.write("written by the sandbox\n")
            print("wrote", path)
        except OSError as exc:
            print(path, type(exc).__name__)
    for path in ("/job", "/usr/bin/python3", "/etc"):
        try:
            os.chmod(path, 0o777)
            print("chmod", path)
        except OSError as exc:
            print("chmod", path, type(exc).__name__)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
