# Must fail: the work is done in threads of one process.
# Expected first failing check: runs fn in worker processes
# Expected message contains: fn ran in your process, not in worker processes
from concurrent.futures import ThreadPoolExecutor


def parallel_map(fn, items, workers):
    with ThreadPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(fn, items))
