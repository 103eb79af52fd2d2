"""Where hung processes were blocked, in the student's terms.

The harness asks every process of a hung job for its Python stacks (faulthandler
output, most recent call first) before anything is killed; this module turns
them into sentences such as "process 3 (child of 1) was blocked in Queue.get()
at line 12 of your code (`item = q.get()`)".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .checks import Process

FRAME = re.compile(r'^\s*File "(?P<file>[^"]*)", line (?P<line>\d+) in (?P<function>\S+)')
# Library functions a student calls, by (file name, function): what to call them.
KNOWN_CALLS = {
    ("queues.py", "get"): "Queue.get()",
    ("queues.py", "put"): "Queue.put()",
    ("queues.py", "join"): "JoinableQueue.join()",
    ("process.py", "join"): "Process.join()",
    ("connection.py", "recv"): "Connection.recv()",
    ("connection.py", "recv_bytes"): "Connection.recv_bytes()",
    ("connection.py", "send"): "Connection.send()",
    ("synchronize.py", "wait"): "wait() of an Event, Condition or Barrier",
    ("synchronize.py", "__enter__"): "a `with` on a Lock or Semaphore",
    ("pool.py", "map"): "Pool.map()",
    ("pool.py", "join"): "Pool.join()",
    ("pool.py", "get"): "AsyncResult.get()",
    ("pool.py", "wait"): "AsyncResult.wait()",
    ("process.py", "result"): "Future.result()",
    ("_base.py", "result"): "Future.result()",
    ("threading.py", "wait"): "a wait()",
    ("threading.py", "join"): "Thread.join()",
}


@dataclass(frozen=True)
class Frame:
    file: str
    line: int
    function: str

    @property
    def in_solution(self) -> bool:
        return self.file.endswith("/solution.py")


def parse(dump: str) -> list[Frame]:
    """The frames of the thread that ran student code (else the first thread), innermost first."""
    threads: list[list[Frame]] = []
    for text in dump.splitlines():
        if text.startswith(("Thread ", "Current thread ")):
            threads.append([])
        elif (found := FRAME.match(text)) and threads:
            threads[-1].append(Frame(found["file"], int(found["line"]), found["function"][:80]))
    for frames in threads:
        if any(f.in_solution for f in frames):
            return frames
    return threads[0] if threads else []


def where(frames: list[Frame], code_lines: list[str]) -> str:
    """'blocked in Queue.get() at line 12 of your code (`item = q.get()`)'."""
    index = next((i for i, f in enumerate(frames) if f.in_solution), None)
    if index is not None and any(f.function == "_bootstrap" for f in frames[:index]):
        # A forked child carries its parent's frames below its own: it runs its target.
        inner = next((f for f in frames[:index] if f.in_solution), None)
        return f"was running its target{f' at line {inner.line} of your code' if inner else ''}"
    if index is None:
        inner = frames[0] if frames else None
        return f"was in {inner.function}() outside your code" if inner else "was running"
    line = frames[index].line
    text = code_lines[line - 1].strip() if 0 < line <= len(code_lines) else ""
    shown = f" (`{text[:80]}`)" if text else ""
    callees = [f for f in reversed(frames[:index]) if not f.file.endswith("/sitecustomize.py")]
    if callees:
        callee = callees[0]
        name = KNOWN_CALLS.get((callee.file.rsplit("/", 1)[-1], callee.function))
        call = name or f"{callee.function}()"
        return f"was blocked in {call} at line {line} of your code{shown}"
    return f"was blocked at line {line} of your code{shown}"


def describe(
    stacks: dict[int, str], caller: Process | None, own: tuple[Process, ...], code: str
) -> tuple[str, ...]:
    """One sentence per live process of the call, numbered as the student would: 1 is theirs."""
    if caller is None:
        return ()
    number = {caller.pid: 1}
    for process in own:
        number.setdefault(process.pid, len(number) + 1)
    lines = code.splitlines()
    sentences = []
    for process in (caller, *own):
        dump = stacks.get(process.pid, "")
        if not dump.strip():  # only processes alive at the hang answered
            continue
        who = f"process {number[process.pid]}"
        if process is caller:
            who += " (the one that called your function)"
        elif process.ppid in number:
            who += f" (child of {number[process.ppid]})"
        sentences.append(f"{who} {where(parse(dump), lines)}")
    return tuple(sentences[:8])
