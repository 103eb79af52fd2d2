# Must fail: a plain serial loop in the caller's own process.
# Expected first failing check: runs fn in worker processes
# Expected message contains: fn ran in your process, not in worker processes
def parallel_map(fn, items, workers):
    return [fn(item) for item in items]
