"""Overhead of sandbox.run() over running the same command bare, and where it goes.

Usage: .venv/bin/python bench/sandbox_overhead.py [RUNS] [outputs]
(RUNS default 30; root or not; "outputs": only section 5)

1. Bare vs sandboxed, interleaved, median and p90, for `python3 -S -c pass`,
   `python3 -c pass` and a multiprocessing.Pool(4) mapping over 8 items.
2. The stages of one sandboxed `python3 -S -c pass` (the launcher's time
   stamps, Run.marks, joined with the supervisor's event times: one clock).
3. Variants that skip or isolate one cost: no seccomp, no cgroup, bwrap
   running /bin/true, the supervisor's interpreter start-up and imports.
4. The seccomp filter's cost per system call (getpid, stat, fork+exit loops
   inside the sandbox with and without the filter).
5. Output attribution (a seccomp stop per write to fd 1/2): 1,000 printed
   lines with and without it, the cost per write, tracing every fd instead
   (measured, not used), and a print() flood under the default wall limit.
"""

import contextlib
import importlib.util
import marshal
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sandbox import Isolation, Job, Limits
from sandbox.launcher import (
    Run,
    Staging,
    _pipes,
    _privilege_drop,
    bwrap_argv,
    host_python,
    sandbox_ids,
)

POOL = b"""
import multiprocessing as mp
def square(x):
    return x * x
if __name__ == "__main__":
    with mp.Pool(4) as pool:
        assert pool.map(square, range(8)) == [x * x for x in range(8)]
"""
WORKLOADS = {
    "python3 -S -c pass": ({}, ("-S", "-c", "pass")),
    "python3 -c pass": ({}, ("-c", "pass")),
    "Pool(4).map(8 items)": ({"pool.py": POOL}, ("/job/pool.py",)),
}
LOOPS = b"""
import os, sys, time
def timed(function, n):
    start = time.perf_counter()
    for _ in range(n):
        function()
    return (time.perf_counter() - start) / n * 1e9
def fork_exit():
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
print(timed(os.getpid, 200000), timed(lambda: os.stat("/"), 100000), timed(fork_exit, 300))
"""


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def bare(python: str, args: tuple[str, ...], job_dir: str) -> float:
    args = tuple(a.replace("/job", job_dir) for a in args)
    start = time.perf_counter()
    subprocess.run([python, *args], check=True, cwd=job_dir)
    return time.perf_counter() - start


FULL = Isolation()


def sandboxed(job: Job, isolation: Isolation = FULL) -> tuple[float, Run]:
    start = time.perf_counter()
    runner = Run(job, Limits(), isolation)
    obs = runner.execute()
    elapsed = time.perf_counter() - start
    assert obs.exit_code == 0, (obs.stderr, obs.warnings)
    return elapsed, runner


def bwrap_true() -> float:
    """bwrap with the launcher's exact namespaces and mounts, running /bin/true."""
    job = Job(files={}, argv=("python3", "-S", "-c", "pass"))
    owner = sandbox_ids() if os.geteuid() == 0 else None
    with Staging(job, owner) as stage, _pipes() as pipes:
        fds = {name: w for name, (_r, w) in pipes.items()}
        fds["config"], _writer = stage.config_pipe()
        argv, _config = bwrap_argv(stage, job, Limits(), Isolation(), fds, owner is not None)
        argv = [*argv[: argv.index("--") + 1], "/bin/true"]
        preexec = None if owner is None else _privilege_drop(stage.binds, owner)
        start = time.perf_counter()
        subprocess.run(argv, check=True, pass_fds=[*fds.values(), *stage.fds], preexec_fn=preexec)
        return time.perf_counter() - start


def command(argv: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, check=True)
    return time.perf_counter() - start


def compare(runs: int, python: str) -> None:
    print(f"## Bare vs sandboxed ({runs} interleaved runs each; ms)\n")
    print("| command | bare median | bare p90 | run() median | run() p90 | added (median) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, (files, args) in WORKLOADS.items():
        job = Job(files=files, argv=("python3", *args))
        with tempfile.TemporaryDirectory() as job_dir:
            for rel, content in files.items():
                Path(job_dir, rel).write_bytes(content)
            bare(python, args, job_dir)  # warm the page cache
            sandboxed(job)
            b, s = [], []
            for _ in range(runs):
                b.append(bare(python, args, job_dir))
                s.append(sandboxed(job)[0])
        bm, sm = statistics.median(b), statistics.median(s)
        print(f"| `{name}` | {ms(bm)} | {ms(p90(b))} | {ms(sm)} | {ms(p90(s))} | {ms(sm - bm)} |")


def stages(runs: int) -> None:
    job = Job(files={}, argv=("python3", "-S", "-c", "pass"))
    rows = []
    for _ in range(runs):
        _elapsed, r = sandboxed(job)
        m, b = r.marks, r.builder
        main = b.main_record()
        rows.append(
            {
                "cgroup mkdir + limits": m["cgroup_created"] - m["start"],
                "staging dir + job files": m["staged"] - m["cgroup_created"],
                "bwrap argv + config (cached filter, .pyc)": m["argv_built"] - m["staged"],
                "Popen(bwrap): fork, preexec, exec": m["spawned"] - m["argv_built"],
                "wait for bwrap's pid 1 + cgroup attach": m["attached"] - m["spawned"],
                "-> supervisor ready ('hello')": b.t0 - m["attached"],
                "-> main command forked + seized": main.start,
                "main command: exec to exit (the job itself)": main.end - main.start,
                "-> pipes closed (kill, reap, namespace teardown)": m["drained"]
                - (b.t0 + main.end),
                "reap bwrap + pid 1": m["reaped"] - m["drained"],
                "staging dir removed": m["unstaged"] - m["reaped"],
                "cgroup stats + kill check + rmdir": m["cgroup_removed"] - m["unstaged"],
                "build Observations": m["end"] - m["cgroup_removed"],
                "total run()": m["end"] - m["start"],
            }
        )
    print(f"\n## Stages of one sandboxed `python3 -S -c pass` (median of {runs}; ms)\n")
    print("| stage | median |\n| --- | --- |")
    for key in rows[0]:
        print(f"| {key} | {ms(statistics.median(r[key] for r in rows))} |")


def variants(runs: int, python: str) -> None:
    job = Job(files={}, argv=("python3", "-S", "-c", "pass"))
    source = Path(__file__).resolve().parent.parent / "sandbox" / "supervisor.py"
    defs = source.read_text().split('if __name__ == "__main__":')[0]
    fd, defs_path = tempfile.mkstemp(suffix=".py")
    with os.fdopen(fd, "w") as f:
        f.write(defs)
    fd, defs_pyc = tempfile.mkstemp(suffix=".pyc")
    with os.fdopen(fd, "wb") as f:  # as the launcher ships it: an unchecked-hash .pyc
        code = compile(defs, "supervisor.py", "exec")
        flags = (1).to_bytes(4, "little")
        f.write(importlib.util.MAGIC_NUMBER + flags + bytes(8) + marshal.dumps(code))
    cases = {
        "run(), full": lambda: sandboxed(job)[0],
        "run(), no seccomp": lambda: sandboxed(job, Isolation(seccomp=False))[0],
        "run(), no cgroup": lambda: sandboxed(job, Isolation(cgroups=False))[0],
        "run(), insecure mode (no bwrap)": lambda: sandboxed(job, Isolation("none"))[0],
        "bwrap (same namespaces, mounts) running /bin/true": bwrap_true,
        "/bin/true bare": lambda: command(["/bin/true"]),
        "python3 -I -S -c pass": lambda: command([python, "-I", "-S", "-c", "pass"]),
        "python3 -I -S supervisor definitions, as source": lambda: command(
            [python, "-I", "-S", defs_path]
        ),
        "python3 -I -S supervisor definitions, as .pyc": lambda: command(
            [python, "-I", "-S", defs_pyc]
        ),
        "python3 -I -S -c 'import json, ctypes, signal, contextlib' (old imports)": lambda: command(
            [python, "-I", "-S", "-c", "import json, ctypes, signal, contextlib"]
        ),
    }
    results: dict[str, list[float]] = {name: [] for name in cases}
    try:
        for _ in range(runs):
            for name, case in cases.items():
                results[name].append(case())
    finally:
        for path in (defs_path, defs_pyc):
            with contextlib.suppress(OSError):
                os.unlink(path)
    print(f"\n## Variants ({runs} interleaved runs each; ms)\n")
    print("| variant | median | p90 |\n| --- | --- | --- |")
    for name, values in results.items():
        print(f"| {name} | {ms(statistics.median(values))} | {ms(p90(values))} |")
    start = time.perf_counter()
    for _ in range(20):
        compile(source.read_bytes(), "supervisor.py", "exec")
    print(f"\ncompiling supervisor.py: {(time.perf_counter() - start) / 20 * 1000:.1f} ms")


def syscall_costs(runs: int) -> None:
    job = Job(files={"loops.py": LOOPS}, argv=("python3", "-S", "/job/loops.py"))
    rows: dict[str, list[list[float]]] = {"filter": [], "no filter": []}
    for _ in range(max(runs // 6, 3)):
        for name, isolation in (("filter", Isolation()), ("no filter", Isolation(seccomp=False))):
            obs = Run(job, Limits(), isolation).execute()
            rows[name].append([float(x) for x in obs.stdout.split()])
    print("\n## seccomp filter cost inside the sandbox (median ns per iteration)\n")
    print("| loop | with filter | without | difference |\n| --- | --- | --- | --- |")
    for i, label in enumerate(("os.getpid()", "os.stat('/')", "fork + _exit + waitpid")):
        with_ = statistics.median(r[i] for r in rows["filter"])
        without = statistics.median(r[i] for r in rows["no filter"])
        print(f"| {label} | {with_:.0f} | {without:.0f} | {with_ - without:+.0f} |")


def filter_only_costs() -> None:
    """The BPF program alone, on the host: no ptrace, no namespaces (min of 7)."""
    import importlib.machinery

    from sandbox import seccomp_policy

    path = Path(__file__).resolve().parent.parent / "sandbox" / "supervisor.py"
    supervisor = importlib.machinery.SourceFileLoader("proctor_supervisor", str(path)).load_module()
    program = seccomp_policy.build()[0]

    def measure(filtered: bool) -> list[float]:
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            if filtered:
                supervisor.load_seccomp(program)
            results = []
            for function, n in ((os.getpid, 300_000), (lambda: os.stat("/"), 100_000)):
                best = float("inf")
                for _ in range(7):
                    start = time.perf_counter()
                    for _ in range(n):
                        function()
                    best = min(best, (time.perf_counter() - start) / n * 1e9)
                results.append(best)
            os.write(write_end, repr(results).encode())
            os._exit(0)
        os.close(write_end)
        data = os.read(read_end, 4096)
        os.close(read_end)
        os.waitpid(pid, 0)
        return [float(x) for x in data.decode().strip("[]").split(",")]

    plain, filtered = measure(False), measure(True)
    print(f"\n## The filter alone ({len(program) // 8} BPF instructions; best of 7, ns/call)\n")
    print("| call | filtered | unfiltered | difference |\n| --- | --- | --- | --- |")
    for label, f, p in zip(("os.getpid()", "os.stat('/')"), filtered, plain, strict=True):
        print(f"| {label} | {f:.0f} | {p:.0f} | {f - p:+.0f} |")


# The job reports its own timings on the result fd (not traced: fd > 2).
REPORT = b"""
import os, sys, time
def report(value):
    os.write(int(os.environ["PROCTOR_RESULT_FD"]), b"%.3f\\n" % value)
"""
LINES = (
    REPORT
    + b"""
start = time.perf_counter()
for i in range(1000):
    print(f"line {i}")
report((time.perf_counter() - start) * 1000)
"""
)
WRITES = (
    REPORT
    + b"""
fd = int(sys.argv[1]) if sys.argv[1].isdigit() else os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT)
n = 20000
start = time.perf_counter()
for _ in range(n):
    os.write(fd, b"x" * 99 + b"\\n")
report((time.perf_counter() - start) / n * 1e6)
"""
)
POOL_MAP = (
    REPORT
    + b"""
import multiprocessing as mp
def square(x):
    return x * x
if __name__ == "__main__":
    start = time.perf_counter()
    with mp.get_context("fork").Pool(2) as pool:
        assert sum(pool.map(square, range(3000), chunksize=1)) == sum(x * x for x in range(3000))
    report((time.perf_counter() - start) * 1000)
"""
)
FLOOD = (
    REPORT
    + b"""
n = 0
while True:
    print("x" * 100)
    n += 1
    if n % 1000 == 0:
        report(n)
"""
)


def run_mode(files: dict[str, bytes], args: tuple[str, ...], mode: str, **limits: object):
    job = Job(files=files, argv=("python3", *args))
    runner = Run(job, Limits().with_overrides(**limits), FULL, mode)
    start = time.perf_counter()
    obs = runner.execute()
    return time.perf_counter() - start, obs


def reported(obs) -> float:
    return float(obs.result.split()[-1])


def outputs_cost(runs: int) -> None:
    print("\n## Output attribution\n")
    # 1. 1,000 lines, run() and the job's own time, with and without tracing.
    files, args = {"lines.py": LINES}, ("/job/lines.py",)
    rows: dict[str, tuple[list[float], list[float]]] = {"off": ([], []), "std": ([], [])}
    for _ in range(runs):
        for mode, (total, inner) in rows.items():
            elapsed, obs = run_mode(files, args, mode)
            assert obs.exit_code == 0 and obs.stdout.count(b"\n") == 1000, obs.stderr
            assert mode == "off" or len(obs.outputs) == 2000
            total.append(elapsed)
            inner.append(reported(obs) / 1000)
    print(f"1,000 print() lines ({runs} interleaved runs; ms, median / p90):\n")
    print("| tracing | run() | the printing loop, in the job |\n| --- | --- | --- |")
    for mode, (total, inner) in rows.items():
        print(
            f"| {mode} | {ms(statistics.median(total))} / {ms(p90(total))} "
            f"| {ms(statistics.median(inner))} / {ms(p90(inner))} |"
        )
    # 2. Per write: before and after the cap; every fd traced; a Pool.
    scratch_file = "/tmp/f"  # noqa: S108 - inside the sandbox: its own tmpfs
    cases = {
        "os.write(1), off": ("1", "off", {}),
        "os.write(1), recorded": ("1", "std", {"output_bytes": 4 * 2**20}),
        "os.write(1), past the cap": ("1", "std", {"output_bytes": 1000}),
        "os.write(file fd), std": (scratch_file, "std", {}),
        "os.write(file fd), every fd traced": (scratch_file, "all", {}),
    }
    per_write: dict[str, list[float]] = {name: [] for name in cases}
    pool: dict[str, list[float]] = {"off": [], "std": [], "all": []}
    for _ in range(max(runs // 3, 5)):
        for name, (target, mode, limits) in cases.items():
            _elapsed, obs = run_mode({"w.py": WRITES}, ("/job/w.py", target), mode, **limits)
            per_write[name].append(reported(obs))
        for mode, values in pool.items():
            _elapsed, obs = run_mode({"pool.py": POOL_MAP}, ("/job/pool.py",), mode)
            values.append(reported(obs))
    print("\n20,000 writes of 100 bytes, in the job (microseconds per write, median):\n")
    print("| case | us/write |\n| --- | --- |")
    for name, values in per_write.items():
        print(f"| {name} | {statistics.median(values):.1f} |")
    print("\n`Pool(2).map` of 3,000 items, chunksize 1 (ms, median):\n")
    print("| tracing | ms |\n| --- | --- |")
    for mode, values in pool.items():
        print(f"| {mode} | {statistics.median(values):.0f} |")
    # 3. The flood, under the default wall limit.
    print("\n`while True: print('x' * 100)` under the default wall limit:\n")
    print("| tracing | run() s | lines | events | truncated | cgroup peak MiB | host RSS +MiB |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for mode in ("off", "std"):
        before = _rss()
        elapsed, obs = run_mode({"flood.py": FLOOD}, ("/job/flood.py",), mode)
        print(
            f"| {mode} | {elapsed:.2f} | {reported(obs):.0f} | {len(obs.outputs)} "
            f"| {obs.outputs_truncated} | {obs.peak_memory_bytes / 2**20:.1f} "
            f"| {(_rss() - before) / 2**20:.1f} |"
        )


def _rss() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 30
    python, _ = host_python()
    print(f"load average before: {os.getloadavg()[0]:.2f}, cpus: {os.cpu_count()}\n")
    if "outputs" in sys.argv[1:]:
        outputs_cost(runs)
        print(f"\nload average after: {os.getloadavg()[0]:.2f}")
        return
    compare(runs, python)
    stages(runs)
    variants(runs, python)
    syscall_costs(runs)
    filter_only_costs()
    outputs_cost(runs)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
