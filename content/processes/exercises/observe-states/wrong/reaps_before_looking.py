# Must fail (subtler): joins the child before looking for Z: once reaped, the
# child and its /proc entry are gone.
# Expected first failing check: starts a child and reaps it
# Expected message contains: FileNotFoundError
import os
import time
from multiprocessing import Event, Process


def state_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    return text[text.rindex(")") + 2]


def wait_for_state(pid, wanted, seconds=5.0):
    deadline = time.monotonic() + seconds
    while (state := state_of(pid)) != wanted and time.monotonic() < deadline:
        time.sleep(0.001)
    return state


def child(computing, stop, read_end):
    computing.set()
    while not stop.is_set():
        pass
    os.read(read_end, 1)


def observe_states():
    read_end, write_end = os.pipe()
    computing, stop = Event(), Event()
    process = Process(target=child, args=(computing, stop, read_end))
    process.start()
    computing.wait()
    states = [wait_for_state(process.pid, "R")]
    stop.set()
    states.append(wait_for_state(process.pid, "S"))
    os.write(write_end, b"x")
    process.join()
    states.append(state_of(process.pid))
    return states
