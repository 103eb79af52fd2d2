# attack: read the host's password hashes and keys (/etc/shadow, gshadow, sudoers, ssh keys)
# expect-passed: yes
import glob
from multiprocessing import Process

PATHS = ["/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/sudoers", "/proc/1/root/etc/shadow"]


def run_in_child(target, args):
    for path in PATHS + glob.glob("/etc/ssh/ssh_host_*_key"):
        try:
            with open(path, "rb") as f:
                print(path, f.read(4096))
        except OSError as exc:
            print(path, type(exc).__name__)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
