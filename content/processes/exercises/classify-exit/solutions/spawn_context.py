import multiprocessing


def classify_exit(target):
    child = multiprocessing.get_context("spawn").Process(target=target)
    child.start()
    child.join()
    code = child.exitcode
    return "normal" if code == 0 else "error" if code > 0 else "killed"
