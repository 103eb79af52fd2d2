import os


def build_tree(depth, fanout):
    # Create fanout children; each creates fanout children of its own, depth
    # levels deep. Every process reports (os.getpid(), os.getppid()); every
    # parent waits for its children. Return {pid: parent_pid}.
    ...
