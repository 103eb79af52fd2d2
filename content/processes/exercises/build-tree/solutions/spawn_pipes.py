# Each process sends its whole subtree up to its parent through a Pipe; the
# spawn start method (a fresh interpreter per process).
import multiprocessing as mp
import os


def grow(depth, fanout, up):
    tree = {os.getpid(): os.getppid()}
    tree.update(grow_children(depth - 1, fanout))
    up.send(tree)
    up.close()


def grow_children(depth, fanout):
    ctx = mp.get_context("spawn")
    tree, children = {}, []
    for _ in range(fanout if depth > 0 else 0):
        receive, send = ctx.Pipe(duplex=False)
        child = ctx.Process(target=grow, args=(depth, fanout, send))
        child.start()
        send.close()
        children.append((child, receive))
    for child, receive in children:
        tree.update(receive.recv())
        child.join()
    return tree


def build_tree(depth, fanout):
    return grow_children(depth, fanout)
