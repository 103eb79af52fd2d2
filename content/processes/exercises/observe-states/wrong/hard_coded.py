# Must fail: no child at all, the answer written down.
# Expected first failing check: starts a child and reaps it
# Expected message contains: created no process
def observe_states():
    return ["R", "S", "Z"]
