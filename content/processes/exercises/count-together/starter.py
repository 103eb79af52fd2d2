def count_together(workers, increments):
    # Start `workers` processes that each add 1 to one shared counter
    # `increments` times, all at the same time; return the final count.
    ...
