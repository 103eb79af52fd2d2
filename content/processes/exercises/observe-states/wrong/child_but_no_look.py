# Must fail (subtler): a child goes through the three phases and is reaped,
# but the states are written down, never read from /proc.
# Expected first failing check: reads the child's state from /proc in each phase
# Expected message contains: /stat
import os
import time
from multiprocessing import Event, Process


def child(stop, read_end):
    while not stop.is_set():
        pass
    os.read(read_end, 1)


def observe_states():
    read_end, write_end = os.pipe()
    stop = Event()
    process = Process(target=child, args=(stop, read_end))
    process.start()
    time.sleep(0.05)
    stop.set()
    time.sleep(0.05)
    os.write(write_end, b"x")
    process.join()
    return ["R", "S", "Z"]
