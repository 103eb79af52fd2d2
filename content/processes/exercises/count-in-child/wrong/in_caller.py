# Must fail: counts in the caller's own process, no child at all.
# Expected first failing check: counts in a child process
# Expected message contains: the counting ran in your process, not in a child
def count_in_child(n):
    count = 0
    for _ in range(n):
        count += 1
    return count
