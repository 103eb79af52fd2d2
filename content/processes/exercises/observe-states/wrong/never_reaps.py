# Must fail: sees the three states but never reaps the child: it is left a zombie.
# Expected first failing check: starts a child and reaps it
# Expected message contains: zombie
import os
import time


def state_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    return text[text.rindex(")") + 2]


def wait_for_state(pid, wanted, seconds=5.0):
    deadline = time.monotonic() + seconds
    while (state := state_of(pid)) != wanted and time.monotonic() < deadline:
        time.sleep(0.001)
    return state


def observe_states():
    stop_r, stop_w = os.pipe()
    exit_r, exit_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.set_blocking(stop_r, False)
        while True:
            try:
                os.read(stop_r, 1)
                break
            except BlockingIOError:
                pass
        os.read(exit_r, 1)
        os._exit(0)
    states = [wait_for_state(pid, "R")]
    os.write(stop_w, b"s")
    states.append(wait_for_state(pid, "S"))
    os.write(exit_w, b"x")
    states.append(wait_for_state(pid, "Z"))
    return states  # no waitpid: the zombie stays
