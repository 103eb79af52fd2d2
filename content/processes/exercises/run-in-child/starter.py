from multiprocessing import Process


def run_in_child(target, args):
    # Start a process that runs target(*args), wait for it, return its exit code.
    ...
