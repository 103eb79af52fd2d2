def print_in_order(names):
    # One process per name, all started before any prints; each prints its own
    # name (flush=True), and the lines come out in the order of names.
    ...
