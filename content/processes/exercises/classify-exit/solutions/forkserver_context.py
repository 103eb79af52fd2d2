import multiprocessing


def classify_exit(target):
    child = multiprocessing.get_context("forkserver").Process(target=target)
    child.start()
    child.join()
    if child.exitcode < 0:
        return "killed"
    return "normal" if child.exitcode == 0 else "error"
