# attack: read the app's settings, SQLite database, secret key and everything in var/
# expect-passed: yes
import glob
import os
from multiprocessing import Process

app = "{APP_DIR}"


def run_in_child(target, args):
    paths = [f"{app}/config/settings.py", f"{app}/.env", f"{app}/var/secret_key"]
    paths += glob.glob(f"{app}/var/*") + glob.glob(f"{app}/var/**/*", recursive=True)
    paths += ["/proc/1/cwd/var/secret_key", "/proc/2/cwd/var/secret_key"]
    for path in paths:
        try:
            with open(path, "rb") as f:
                print(path, f.read(2000))
        except OSError as exc:
            print(path, type(exc).__name__)
    try:
        print(os.listdir(app))
    except OSError as exc:
        print(app, type(exc).__name__)
    child = Process(target=target, args=args)
    child.start()
    child.join()
    return child.exitcode
