# os.fork and pipes only: the child spins until a byte arrives on a
# non-blocking pipe, then blocks reading a second one.
import os
import time


def state_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    return text[text.rindex(")") + 2]


def wait_for_state(pid, wanted, seconds=5.0):
    deadline = time.monotonic() + seconds
    state = state_of(pid)
    while state != wanted and time.monotonic() < deadline:
        time.sleep(0.002)
        state = state_of(pid)
    return state


def observe_states():
    ready_r, ready_w = os.pipe()
    stop_r, stop_w = os.pipe()
    exit_r, exit_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.set_blocking(stop_r, False)
        os.write(ready_w, b"r")
        while True:  # compute until told to stop
            try:
                os.read(stop_r, 1)
                break
            except BlockingIOError:
                pass
        os.read(exit_r, 1)  # blocked
        os._exit(0)
    os.read(ready_r, 1)
    states = [wait_for_state(pid, "R")]
    os.write(stop_w, b"s")
    states.append(wait_for_state(pid, "S"))
    os.write(exit_w, b"x")
    states.append(wait_for_state(pid, "Z"))
    os.waitpid(pid, 0)
    for fd in (ready_r, ready_w, stop_r, stop_w, exit_r, exit_w):
        os.close(fd)
    return states
