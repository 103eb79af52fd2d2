"""`make bench`: run every benchmark and write its output to bench/results/<name>.md.

Run by hand on an idle machine; commit the results with a note of what changed.
Each benchmark is also runnable alone (see its docstring).
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = {
    "sandbox_overhead": [sys.executable, str(HERE / "sandbox_overhead.py")],
    "grading_latency": [sys.executable, str(HERE / "grading_latency.py"), "20"],
    "grading_time": [sys.executable, str(HERE / "gradings.py"), "--runs", "10"],
}


def main() -> int:
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    failed = []
    for name, command in BENCHMARKS.items():
        print(f"==> {name}", flush=True)
        started = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        done = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent)
        print(done.stdout, done.stderr, sep="", flush=True)
        body = f"# {name}\n\nRun {started} with `{' '.join(Path(c).name for c in command)}`.\n\n"
        (results / f"{name}.md").write_text(body + "```\n" + done.stdout + "```\n")
        if done.returncode:
            failed.append(name)
    if failed:
        print(f"FAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
