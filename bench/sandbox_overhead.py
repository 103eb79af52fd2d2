"""Overhead of sandbox.run() over a bare interpreter start.

Runs `python3 -S -c pass` N times bare and N times through run(), interleaved,
and prints the medians. Usage: .venv/bin/python bench/sandbox_overhead.py [N]
"""

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox import Job, Limits, run
from sandbox.launcher import host_python


def bare(python: str) -> float:
    start = time.perf_counter()
    subprocess.run([python, "-S", "-c", "pass"], check=True)
    return time.perf_counter() - start


def sandboxed(job: Job, limits: Limits) -> float:
    start = time.perf_counter()
    obs = run(job, limits)
    elapsed = time.perf_counter() - start
    assert obs.exit_code == 0, obs
    return elapsed


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    python, _ = host_python()
    job, limits = Job(files={}, argv=("python3", "-S", "-c", "pass")), Limits()
    sandboxed(job, limits)  # warm the page cache for both
    bare(python)
    bare_times, sandbox_times = [], []
    for _ in range(count):
        bare_times.append(bare(python))
        sandbox_times.append(sandboxed(job, limits))
    b, s = statistics.median(bare_times), statistics.median(sandbox_times)
    print(f"runs: {count} each, interleaved")
    print(f"bare    python3 -S -c pass: median {b * 1000:.1f} ms")
    print(f"run()   python3 -S -c pass: median {s * 1000:.1f} ms")
    print(f"overhead: {(s - b) * 1000:.1f} ms ({s / b:.1f}x)")


if __name__ == "__main__":
    main()
