from multiprocessing import Process


def run_with_deadline(target, seconds):
    child = Process(target=target)
    child.start()
    child.join(seconds)
    if child.exitcode is not None:
        return True
    child.terminate()  # SIGTERM: a polite request
    child.join(0.3)
    if child.exitcode is None:
        child.kill()  # SIGKILL: cannot be ignored
        child.join()
    return False
