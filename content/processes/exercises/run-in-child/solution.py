from multiprocessing import Process


def run_in_child(target, args):
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
