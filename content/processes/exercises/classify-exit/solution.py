from multiprocessing import Process


def classify_exit(target):
    child = Process(target=target)
    child.start()
    child.join()
    if child.exitcode == 0:
        return "normal"
    if child.exitcode > 0:
        return "error"
    return "killed"
