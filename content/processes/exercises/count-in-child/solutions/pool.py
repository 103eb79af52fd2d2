from multiprocessing import Pool


def count(n):
    total = 0
    for _ in range(n):
        total += 1
    return total


def count_in_child(n):
    with Pool(1) as pool:
        return pool.apply(count, (n,))
