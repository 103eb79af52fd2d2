import ctypes
import mmap
import os
from multiprocessing import Semaphore


def count_together(workers, increments):
    shared = mmap.mmap(-1, 8)  # anonymous shared memory: forked children share it
    counter = ctypes.c_int64.from_buffer(shared)
    turn = Semaphore(1)
    go = os.pipe()
    children = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            try:
                os.read(go[0], 1)  # the start gate
                for _ in range(increments):
                    with turn:
                        counter.value += 1
            finally:
                os._exit(0)
        children.append(pid)
    os.write(go[1], b"x" * workers)
    for pid in children:
        os.waitpid(pid, 0)
    total = counter.value
    del counter
    shared.close()
    return total
