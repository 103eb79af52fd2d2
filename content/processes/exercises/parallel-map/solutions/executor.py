from concurrent.futures import ProcessPoolExecutor


def parallel_map(fn, items, workers):
    with ProcessPoolExecutor(max_workers=workers) as executor:
        return list(executor.map(fn, items))
