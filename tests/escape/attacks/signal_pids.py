# attack: signal every guessed pid 1..400 (SIGTERM, SIGSEGV, then SIGKILL), itself excepted
# expect-passed: no
import os
import signal


def run_in_child(target, args):
    hit = []
    for signum in (signal.SIGTERM, signal.SIGSEGV, signal.SIGKILL):
        for pid in range(1, 401):
            if pid == os.getpid():
                continue
            try:
                os.kill(pid, signum)
                hit.append((pid, signum))
            except OSError:
                pass
    print("signalled:", hit)
    return 0
