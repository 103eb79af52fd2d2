# attack: read other jobs' files (their staging dirs, /job of other runs) and the host's /tmp
# expect-passed: yes
import glob
import os
from multiprocessing import Process

OTHER = "{OTHER_JOB_FILE}"


def run_in_child(target, args):
    paths = [OTHER, os.path.dirname(os.path.dirname(os.path.dirname(OTHER))) + "/host-notes.txt"]
    for pattern in (
        "/tmp/proctor-sandbox-*/job/*",
        "/tmp/proctor-escape-*/**",
        "/var/tmp/*",
        "/proc/[0-9]*/root/job/*",
        "/proc/[0-9]*/cwd/*",
        "/dev/shm/*",
        "/tmp/*",
    ):
        paths += glob.glob(pattern, recursive=True)
    for path in paths:
        if os.path.isfile(path) and not path.startswith("/proc/self"):
            try:
                with open(path, "rb") as f:
                    data = f.read(2000)
                if not path.endswith(("/harness.py", "/proctor_tasks.py")):
                    print(path, data)
            except OSError as exc:
                print(path, type(exc).__name__)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
