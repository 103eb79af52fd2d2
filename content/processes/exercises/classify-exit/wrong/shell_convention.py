# Must fail (subtler): takes an exit status above 128 for a kill (a shell's habit),
# but a process that exits with status 143 was not killed: it exited.
# Expected first failing check: judges by how the process ended, not by the number
from multiprocessing import Process


def classify_exit(target):
    child = Process(target=target)
    child.start()
    child.join()
    code = child.exitcode
    if code < 0 or code > 128:
        return "killed"
    return "normal" if code == 0 else "error"
