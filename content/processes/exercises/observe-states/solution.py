import os
import time
from multiprocessing import Event, Process


def state_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    return text[text.rindex(")") + 2]


def wait_for_state(pid, wanted, seconds=5.0):
    """Look again until the child is in state `wanted` (it takes it a moment)."""
    deadline = time.monotonic() + seconds
    while (state := state_of(pid)) != wanted and time.monotonic() < deadline:
        time.sleep(0.001)
    return state


def child(computing, stop, read_end):
    computing.set()
    n = 0
    while not stop.is_set():  # computing: running
        n += 1
    os.read(read_end, 1)  # blocked until the parent writes


def observe_states():
    read_end, write_end = os.pipe()
    computing, stop = Event(), Event()
    process = Process(target=child, args=(computing, stop, read_end))
    process.start()
    computing.wait()
    states = [wait_for_state(process.pid, "R")]  # it spins until we say stop
    stop.set()
    states.append(wait_for_state(process.pid, "S"))
    os.write(write_end, b"x")
    states.append(wait_for_state(process.pid, "Z"))
    process.join()  # reap it: the zombie goes away
    os.close(read_end)
    os.close(write_end)
    return states
