"""Trusted tasks of count-in-child (stdlib only; they run inside the sandbox)."""


def count_here(n):
    """The reference: count to n in the calling process, the way a student would."""
    count = 0
    for _ in range(n):
        count += 1
    return count
