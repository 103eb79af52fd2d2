from concurrent.futures import ProcessPoolExecutor


def count(n):
    total = 0
    while total < n:
        total += 1
    return total


def count_in_child(n):
    with ProcessPoolExecutor(max_workers=1) as executor:
        return executor.submit(count, n).result()
