import multiprocessing


def run_in_child(target, args):
    child = multiprocessing.get_context("forkserver").Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
