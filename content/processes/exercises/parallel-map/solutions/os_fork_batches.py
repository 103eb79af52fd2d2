import os
import pickle


def parallel_map(fn, items, workers):
    results = []
    for start in range(0, len(items), workers):
        children = []
        for item in items[start : start + workers]:
            read_end, write_end = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_end)
                with os.fdopen(write_end, "wb") as out:
                    pickle.dump(fn(item), out)
                os._exit(0)
            os.close(write_end)
            children.append((pid, read_end))
        for pid, read_end in children:
            with os.fdopen(read_end, "rb") as source:
                results.append(pickle.load(source))
            os.waitpid(pid, 0)
    return results
