import multiprocessing


def run_with_deadline(target, seconds):
    child = multiprocessing.get_context("spawn").Process(target=target)
    child.start()
    child.join(seconds)
    ended = child.exitcode is not None
    if not ended:
        child.terminate()
        child.join(0.5)
        if child.exitcode is None:
            child.kill()
            child.join()
    return ended
