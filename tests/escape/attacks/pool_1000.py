# attack: multiprocessing.Pool(1000): a thousand worker processes at once
# expect-note: Process limit
from multiprocessing import Pool, Process


def run_in_child(target, args):
    try:
        with Pool(1000) as pool:
            print("pool of 1000 started:", pool.map(abs, range(-5, 0)))
    except Exception as exc:
        print("Pool(1000) failed:", type(exc).__name__, exc)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
