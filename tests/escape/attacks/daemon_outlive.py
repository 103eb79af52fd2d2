# attack: double fork + setsid, ignore SIGHUP/SIGTERM, close the pipes: outlive the job
# expect-note: was still running
# expect-passed: no
import os
import signal
import time
from multiprocessing import Process


def daemon():
    if os.fork():
        os._exit(0)
    os.setsid()
    if os.fork():
        os._exit(0)
    for signum in (signal.SIGHUP, signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, signal.SIG_IGN)
    null = os.open("/dev/null", os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(null, fd)
    end = time.monotonic() + 60
    while time.monotonic() < end:
        with open("/tmp/daemon-heartbeat", "w") as f:
            f.write(str(time.monotonic()))
        time.sleep(0.2)
    os._exit(0)


def run_in_child(target, args):
    if not os.path.exists("/tmp/.daemonised"):
        open("/tmp/.daemonised", "w").close()
        if os.fork() == 0:
            daemon()
        os.wait()
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
