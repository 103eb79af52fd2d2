from multiprocessing import Pool


def parallel_map(fn, items, workers):
    with Pool(workers) as pool:
        return pool.map(fn, items, chunksize=1)
