# attack: symlinks and hard links in the scratch to host secrets, read through them
# expect-passed: yes
import os
from multiprocessing import Process

SOURCES = [
    "/etc/shadow",
    "{CANARY_FILE}",
    "{APP_DIR}/var/secret_key",
    "{OTHER_JOB_FILE}",
    "/proc/1/environ",
    "/proc/1/root/etc/shadow",
    "/proc/2/cwd",
    "/job/../../etc/shadow",
]


def run_in_child(target, args):
    for i, source in enumerate(SOURCES):
        link = f"/tmp/link-{os.getpid()}-{i}"
        try:
            os.symlink(source, link)
            with open(link, "rb") as f:
                print("through a symlink:", source, f.read(500))
        except OSError as exc:
            print("symlink", source, type(exc).__name__)
        try:
            os.link(source, link + "-hard")
            print("hard link made to", source)
        except OSError as exc:
            print("hard link", source, type(exc).__name__)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
