import multiprocessing


def run_in_child(target, args):
    ctx = multiprocessing.get_context("spawn")
    child = ctx.Process(target=target, args=tuple(args))
    child.start()
    child.join()
    return child.exitcode
