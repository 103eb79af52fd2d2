"""The grading harness: the job's main command, inside the sandbox (stdlib only).

For each call of the scenario it forks a *caller* process, which imports the
student's module as `solution`, makes the call, sends the outcome back on a
private pipe and exits at once. So the kernel's record of the caller's exit, which
the sandbox's supervisor sees from outside the student's reach, marks when the
call returned; the processes the call created are the caller's descendants.

Only the harness writes the job's result channel: the callers close it before
any student code runs, and the harness is not dumpable, so a student's process
cannot reach its file descriptors through /proc.
"""

import ctypes
import json
import math
import os
import random
import select
import signal
import sys
import time
import traceback

# The job's own sitecustomize, loaded at start-up, arms every process for stacks.
from sitecustomize import STACK_DIR, STACK_SIGNAL

RESULT_FD = int(os.environ.get("PROCTOR_RESULT_FD", "-1"))
FRAME = b"\x00PROCTOR-CALL "
MAX_FRAME_BYTES = 256 * 1024
MAX_ITEMS = 10_000
MAX_DEPTH = 20
PR_SET_DUMPABLE = 4


def set_dumpable(on: bool) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_DUMPABLE, int(on), 0, 0, 0)


class _Budget:
    def __init__(self) -> None:
        self.items = 0

    def take(self) -> bool:
        self.items += 1
        return self.items <= MAX_ITEMS


def to_json_safe(value, budget=None, depth=0):
    """Encode a returned value losslessly for the common types, by repr otherwise."""
    budget = budget or _Budget()
    if not budget.take() or depth > MAX_DEPTH:
        return {"$cut": True}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value if abs(value) < 2**63 else {"$int": str(value)}
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, list):
        return [to_json_safe(v, budget, depth + 1) for v in value]
    if isinstance(value, tuple):
        return {"$tuple": [to_json_safe(v, budget, depth + 1) for v in value]}
    if isinstance(value, (set, frozenset)):
        return {"$set": [to_json_safe(v, budget, depth + 1) for v in value]}
    if isinstance(value, dict):
        pairs = [
            [to_json_safe(k, budget, depth + 1), to_json_safe(v, budget, depth + 1)]
            for k, v in value.items()
        ]
        return {"$dict": pairs}
    return {"$repr": _safe_repr(value), "$type": type(value).__name__}


def _safe_repr(value) -> str:
    try:
        return repr(value)[:500]
    except BaseException:
        return "<unrepresentable>"


def describe(exc: BaseException) -> dict:
    """The exception in the student's terms: type, message, lines of their code."""
    frames = [
        {"line": f.lineno, "function": f.name, "code": (f.line or "")[:200]}
        for f in traceback.extract_tb(exc.__traceback__)
        if f.filename.endswith("/solution.py")
    ]
    info = {"type": type(exc).__name__, "message": _safe_str(exc)[:2000], "frames": frames[-10:]}
    if isinstance(exc, SyntaxError):
        info["line"] = exc.lineno
        info["offset"] = exc.offset
        info["code"] = (exc.text or "").rstrip()[:200]
    if isinstance(exc, SystemExit):
        info["code"] = exc.code if isinstance(exc.code, (int, type(None))) else str(exc.code)
    return info


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except BaseException:
        return "<message could not be shown>"


def find_task(name: str):
    """A trusted task: the exercise's own (exercise_tasks) first, then the shared ones."""
    import exercise_tasks
    import proctor_tasks

    return getattr(exercise_tasks, name, None) or getattr(proctor_tasks, name)


def decode_arg(value):
    """Scenario arguments: JSON, where {"$task": name} is a trusted helper task."""
    if isinstance(value, dict) and "$task" in value:
        return find_task(value["$task"])
    if isinstance(value, dict) and "$tuple" in value:
        return tuple(decode_arg(v) for v in value["$tuple"])
    if isinstance(value, list):
        return [decode_arg(v) for v in value]
    return value


def invoke(call: dict) -> dict:
    if call.get("source") == "tasks":
        function = find_task(call["function"])
    else:
        try:
            import solution
        except BaseException as exc:
            return {"status": "import_error", "exception": describe(exc)}
        function = getattr(solution, call["function"], None)
    if not callable(function):
        return {"status": "missing"}
    args = [decode_arg(a) for a in call["args"]]
    try:
        value = function(*args)
    except BaseException as exc:
        return {"status": "raised", "exception": describe(exc)}
    return {"status": "returned", "value": to_json_safe(value)}


def caller(call: dict, seed: int, write_fd: int) -> None:
    """Runs in the forked caller process; never returns."""
    try:
        os.close(RESULT_FD)
        set_dumpable(True)
        random.seed(seed)
        outcome = invoke(call)
        outcome["pid"] = os.getpid()
        data = json.dumps(outcome).encode()
        if len(data) > MAX_FRAME_BYTES:
            data = json.dumps({"status": "too_big", "pid": os.getpid()}).encode()
        view = memoryview(FRAME + data + b"\n")
        while view:
            view = view[os.write(write_fd, view) :]
    finally:
        os._exit(0)


def last_frame(buffer: bytes, pid: int) -> dict | None:
    """The caller's own frame; a process it forked may have written one too."""
    for chunk in reversed(buffer.split(FRAME)[1:]):
        line = chunk.split(b"\n", 1)[0]
        try:
            outcome = json.loads(line)
        except ValueError:
            continue
        if isinstance(outcome, dict) and outcome.get("pid") == pid:
            return outcome
    return None


def wait_for(pid: int, read_fd: int, timeout: float) -> tuple[bytes, int | None]:
    """Collect the caller's frame until it exits; None for the status on timeout."""
    pidfd = os.pidfd_open(pid)
    buffer = bytearray()
    watching = [pidfd, read_fd]
    deadline = time.monotonic() + timeout
    status = None
    while status is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        ready, _, _ = select.select(watching, [], [], remaining)
        if read_fd in ready:
            chunk = os.read(read_fd, 65536)
            if chunk and len(buffer) < 2 * MAX_FRAME_BYTES:
                buffer += chunk
            elif not chunk:
                watching.remove(read_fd)
        if pidfd in ready:
            status = os.waitpid(pid, 0)[1]
    os.close(pidfd)
    if status is not None:
        os.set_blocking(read_fd, False)
        try:
            while len(buffer) < 2 * MAX_FRAME_BYTES and (chunk := os.read(read_fd, 65536)):
                buffer += chunk
        except BlockingIOError:
            pass
    return bytes(buffer), status


MAX_STACK_BYTES = 16 * 1024


def job_processes() -> list[int]:
    """The other processes of the job: descendants of the supervisor (our parent), not us.

    Inside the sandbox that is every process of its pid namespace; without one
    (development mode) it keeps the signals below away from the host's processes.
    """
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    parents[int(name)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    found, todo = set(), [os.getppid()]
    while todo:
        parent = todo.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in found:
                found.add(pid)
                todo.append(pid)
    return sorted(found - {os.getpid()})


def collect_stacks() -> dict:
    """Ask every other process of the job for its Python stacks (before anything is killed)."""
    pids = job_processes()
    for pid in pids:
        try:
            os.kill(pid, STACK_SIGNAL)
        except OSError:
            pass
    time.sleep(0.3)  # the handlers write at once; give the scheduler a moment
    stacks = {}
    for pid in pids:
        try:
            with open(f"{STACK_DIR}/{pid}", "rb") as f:
                stacks[str(pid)] = f.read(MAX_STACK_BYTES).decode("utf-8", "replace")
        except OSError:
            continue
    return stacks


CALLER_STATUSES = {"returned", "raised", "import_error", "missing", "too_big"}
CALLER_FIELDS = ("status", "value", "exception")


def run_call(call: dict, seed: int) -> dict:
    read_fd, write_fd = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:
        os.close(read_fd)
        caller(call, seed, write_fd)
    os.close(write_fd)
    buffer, status = wait_for(pid, read_fd, float(call["timeout"]))
    os.close(read_fd)
    record = {"id": call["id"], "caller": pid}
    if status is None:
        stacks = collect_stacks()
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        return record | {"status": "timeout", "stacks": stacks}
    outcome = last_frame(buffer, pid)
    if outcome is None or outcome.get("status") not in CALLER_STATUSES:
        return record | {"status": "crashed", "wait": describe_status(status)}
    # The frame came from a process running student code: it may say what the call
    # returned or raised, nothing else. The harness's own fields are never overwritten.
    return record | {key: outcome[key] for key in CALLER_FIELDS if key in outcome}


def describe_status(status: int) -> dict:
    if os.WIFSIGNALED(status):
        return {"signal": os.WTERMSIG(status)}
    return {"exit_code": os.waitstatus_to_exitcode(status)}


def main() -> None:
    set_dumpable(False)
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "scenario.json")) as f:
        scenario = json.load(f)
    with os.fdopen(RESULT_FD, "w") as out:
        for call in scenario["calls"]:
            record = run_call(call, scenario["seed"])
            out.write(json.dumps(record) + "\n")
            out.flush()
            if record["status"] == "timeout":
                break


if __name__ == "__main__":
    main()
