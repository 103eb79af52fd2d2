# The spawn start method and one duplex Pipe for every handshake.
import multiprocessing as mp
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


def child(conn):
    conn.send("computing")
    total = 0
    while not conn.poll():  # poll() without a timeout returns at once
        total += 1
    conn.recv()  # "stop"
    conn.recv()  # blocks until "exit"


def observe_states():
    ctx = mp.get_context("spawn")
    mine, theirs = ctx.Pipe()
    process = ctx.Process(target=child, args=(theirs,))
    process.start()
    mine.recv()
    states = [wait_for_state(process.pid, "R")]
    mine.send("stop")
    states.append(wait_for_state(process.pid, "S"))
    mine.send("exit")
    states.append(wait_for_state(process.pid, "Z"))
    process.join()
    return states
