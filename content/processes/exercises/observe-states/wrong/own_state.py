# Must fail (subtler): reads /proc/self/stat, its own state, not the child's.
# Expected first failing check: reads the child's state from /proc in each phase
# Expected message contains: the child
import os
from multiprocessing import Event, Process


def state_of(pid):
    with open(f"/proc/{pid}/stat") as stat:
        text = stat.read()
    return text[text.rindex(")") + 2]


def child(stop, read_end):
    while not stop.is_set():
        pass
    os.read(read_end, 1)


def observe_states():
    read_end, write_end = os.pipe()
    stop = Event()
    process = Process(target=child, args=(stop, read_end))
    process.start()
    states = [state_of(os.getpid())]
    stop.set()
    states.append(state_of(os.getpid()))
    os.write(write_end, b"x")
    process.join()
    states.append(state_of(os.getpid()))
    return states
