"""Draw a verdict's timeline as an SVG: one lane per process, its output as marks.

`render_timeline(verdict["timeline"])` gives the markup the submission page
shows, so that a student sees at a glance which processes overlapped and who
printed what when. Pure and Django-free like the engine: the view marks the
string safe, which it is because every text in it goes through `_text()`.

The input is the engine's `timeline()` (capped there already), read back from
the stored verdict JSON: every field is checked here again, and anything
malformed is left out rather than drawn wrong.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html import escape
from signal import Signals

MAX_LANES = 200
MAX_MARKS = 50  # per lane
MARK_TEXT_CHARS = 80

# Geometry, in viewBox units. The page's CSS keeps the SVG at least 44rem wide
# (it scrolls sideways below that) so that 13-unit text never shows under 11px.
WIDTH = 800
FONT_SIZE = 13
CHAR_WIDTH = 7.2  # a generous average glyph width at FONT_SIZE, to budget labels
LABEL_WIDTH = 250  # the label column; the plot is to its right
PLOT_LEFT = LABEL_WIDTH + 8
PLOT_RIGHT = WIDTH - 32  # room for half of the last tick's label
PLOT_WIDTH = PLOT_RIGHT - PLOT_LEFT
AXIS_Y = 26  # the axis line; tick labels sit above it
LANES_TOP = 30
LANE_HEIGHT = 24
BAR_HEIGHT = 12
MIN_BAR_WIDTH = 2  # a process that lived for an instant still shows
INDENT = 10  # per level of nesting, up to MAX_DEPTH levels
MAX_DEPTH = 8

# Colours of how a process ended; text in them has at least 4.5:1 contrast on
# white and on the lane stripes. static/css/proctor.css repeats them in the legend.
COLOURS = {
    "normal": "#116329",
    "error": "#9a6700",
    "killed": "#a40e26",
    "running": "#0550ae",
    "unknown": "#57606a",
}
INK = "#1b1f24"
MUTED = "#57606a"
STRIPE = "#f6f8fa"
GRID = "#d0d7de"
SVG_NS = "http://www.w3.org/2000/svg"


@dataclass(frozen=True)
class Mark:
    time: float
    stream: str  # "stdout" or "stderr"
    text: str


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    start: float
    end: float | None
    exit_code: int | None
    signal: int | None
    cpu_seconds: float
    output: tuple[Mark, ...]


@dataclass(frozen=True)
class Lane:
    proc: Proc
    depth: int
    name: str  # "grader", "call 2", "pid 17"
    parent: str  # the parent's name, or "" for a root


@dataclass(frozen=True)
class Scale:
    end: float  # the time at the plot's right edge, > 0

    def x(self, t: float) -> float:
        t = min(max(t, 0.0), self.end)
        return PLOT_LEFT + t / self.end * PLOT_WIDTH


def render_timeline(timeline: list[dict], *, id_prefix: str = "timeline") -> str:
    """The SVG of a verdict's timeline, or "" when there is no process to draw.

    `id_prefix` names the SVG's title and desc elements: pass another one if a
    page ever shows two timelines, since ids must be unique in a page.
    """
    procs = list(_procs(timeline))
    if not procs:
        return ""
    lanes = tree_lanes(procs)
    scale = Scale(_time_span(procs))
    ids = _ids(id_prefix)
    height = LANES_TOP + len(lanes) * LANE_HEIGHT + 8
    parts = [
        _svg_open(height, ids),
        f'<title id="{ids}-title">Timeline of the processes of the grading job</title>',
        f'<desc id="{ids}-desc">{_text(summary(procs, total=_count(timeline)))}</desc>',
        f'<clipPath id="{ids}-labels"><rect width="{LABEL_WIDTH}" height="{height}"/></clipPath>',
        *_stripes(len(lanes)),
        *_axis(scale, height),
        *(_lane(lane, row, scale, ids) for row, lane in enumerate(lanes)),
        "</svg>",
    ]
    return "\n".join(parts)


# Reading the input -----------------------------------------------------------


def _procs(timeline: Iterable[object]) -> Iterator[Proc]:
    """The well-formed entries, at most MAX_LANES of them (the engine's order is kept)."""
    if not isinstance(timeline, list | tuple):
        return
    count = 0
    for entry in timeline:
        proc = _proc(entry)
        if proc is not None:
            yield proc
            count += 1
            if count == MAX_LANES:
                return


def _proc(entry: object) -> Proc | None:
    if not isinstance(entry, dict):
        return None
    pid, start = _int(entry.get("pid")), _number(entry.get("start"))
    if pid is None or start is None:
        return None
    end = _number(entry.get("end"))
    return Proc(
        pid=pid,
        ppid=_int(entry.get("ppid")) or 0,
        start=max(start, 0.0),
        end=None if end is None else max(end, start),
        exit_code=_int(entry.get("exit_code")),
        signal=_int(entry.get("signal")),
        cpu_seconds=_number(entry.get("cpu_seconds")) or 0.0,
        output=tuple(_marks(entry.get("output"))),
    )


def _marks(output: object) -> Iterator[Mark]:
    if not isinstance(output, list | tuple):
        return
    for item in output[:MAX_MARKS]:
        if isinstance(item, list | tuple) and len(item) >= 3:
            time, stream, text = item[0], item[1], item[2]
            if _number(time) is not None and stream in ("stdout", "stderr"):
                yield Mark(max(float(time), 0.0), stream, str(text))


def _int(value: object) -> int | None:
    # bool is an int to Python, not to a timeline.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value: object) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value) if math.isfinite(value) else None
    return None


def _count(timeline: object) -> int:
    return len(timeline) if isinstance(timeline, list | tuple) else 0


# The process tree ------------------------------------------------------------


def tree_lanes(procs: list[Proc]) -> list[Lane]:
    """Lanes in tree order: each process right below its parent, siblings by start."""
    parents = [_parent_index(i, procs) for i in range(len(procs))]
    children: dict[int | None, list[int]] = {}
    for i, parent in enumerate(parents):
        children.setdefault(parent, []).append(i)
    for siblings in children.values():
        siblings.sort(key=lambda i: (procs[i].start, i))
    order = _depth_first(children, len(procs))
    names = _names(procs, children)
    return [
        Lane(
            procs[i],
            depth,
            names[i],
            "" if parents[i] is None else names[parents[i]],
        )
        for i, depth in order
    ]


def _parent_index(child: int, procs: list[Proc]) -> int | None:
    """The entry of the child's parent: pids can be reused within a job, so the
    parent is the latest process with that pid that had started by then."""
    me = procs[child]
    candidates = [
        i for i, p in enumerate(procs) if i != child and p.pid == me.ppid and p.start <= me.start
    ]
    return max(candidates, key=lambda i: (procs[i].start, i), default=None)


def _depth_first(children: dict[int | None, list[int]], count: int) -> list[tuple[int, int]]:
    """(index, depth) in pre-order; iterative, and safe from a malformed cycle."""
    order: list[tuple[int, int]] = []
    seen: set[int] = set()
    stack = [(i, 0) for i in reversed(children.get(None, []))]
    while stack:
        i, depth = stack.pop()
        if i in seen:
            continue
        seen.add(i)
        order.append((i, depth))
        stack.extend((c, depth + 1) for c in reversed(children.get(i, [])))
    # Only a cycle of parents (impossible from the kernel) leaves any out: show them at the top.
    return order + [(i, 0) for i in range(count) if i not in seen]


def _names(procs: list[Proc], children: dict[int | None, list[int]]) -> list[str]:
    """The first root is the grader's harness, its children the calls, in start order."""
    names = [f"pid {p.pid}" for p in procs]
    roots = children.get(None, [])
    if roots:
        names[roots[0]] = "grader"
        for n, caller in enumerate(children.get(roots[0], []), start=1):
            names[caller] = f"call {n}"
    return names


# Words -----------------------------------------------------------------------


def ending(proc: Proc) -> tuple[str, str]:
    """(kind, words) of how a process ended: the kind picks its colour."""
    if proc.end is None:
        return "running", "still running"
    if proc.signal is not None:
        return "killed", f"killed by {signal_name(proc.signal)}"
    if proc.exit_code is None:
        return "unknown", "ended"
    return ("normal" if proc.exit_code == 0 else "error"), f"exit {proc.exit_code}"


def short_ending(proc: Proc) -> str:
    """The words of `ending()` in fewer characters, for a label that has little room."""
    kind, words = ending(proc)
    return {"running": "running", "killed": signal_name(proc.signal or 0)}.get(kind, words)


def signal_name(number: int) -> str:
    try:
        return Signals(number).name
    except ValueError:
        return f"signal {number}"


def duration(seconds: float) -> str:
    if abs(seconds) < 1:
        return f"{seconds * 1000:.1f} ms"
    return f"{seconds:.2f} s"


def summary(procs: list[Proc], total: int) -> str:
    """What the picture shows, for those who cannot see it (the SVG's desc)."""
    count = len(procs)
    text = f"{count} process{'es' if count != 1 else ''}"
    if total > count:
        text = f"The first {text} of {total}"
    text += f"; at most {max_alive(procs)} alive at once"
    text += f"; the timeline spans {duration(_last_moment(procs))}"
    lines = sum(len(p.output) for p in procs)
    text += f"; {lines} line{'s' if lines != 1 else ''} of output shown."
    return text


def max_alive(procs: list[Proc]) -> int:
    # A process that ends when another starts did not overlap it: ends sort first.
    events = sorted(
        [(p.start, 1) for p in procs] + [(p.end, -1) for p in procs if p.end is not None]
    )
    alive = most = 0
    for _, change in events:
        alive += change
        most = max(most, alive)
    return most


# Time ------------------------------------------------------------------------


def _last_moment(procs: list[Proc]) -> float:
    moments = [p.end if p.end is not None else p.start for p in procs]
    moments += [m.time for p in procs for m in p.output]
    return max(moments)


def _time_span(procs: list[Proc]) -> float:
    # A job that did nothing measurable still needs a non-zero span to divide by.
    return max(_last_moment(procs), 0.001)


def ticks(span: float) -> list[tuple[float, str]]:
    """(time, label) of a few round times from 0 to `span`: in ms under a second."""
    step = _tick_step(span)
    unit_ms = span < 1
    result = []
    for k in range(int(span / step + 1e-9) + 1):
        t = round(k * step, 9)
        value = round(t * 1000, 6) if unit_ms else round(t, 6)
        result.append((t, f"{value:g} {'ms' if unit_ms else 's'}"))
    return result


def _tick_step(span: float) -> float:
    """The smallest of 1, 2 or 5 times a power of ten that gives at most 6 ticks."""
    raw = span / 5
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 5, 10) if raw <= m * power * (1 + 1e-9))


# Markup ----------------------------------------------------------------------

# Characters XML 1.0 forbids (and lone surrogates, which UTF-8 cannot encode):
# a student's output may hold any of them, and one would break the page.
_UNSAFE_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """Every text the SVG holds goes through here: no markup can come out of it."""
    return escape(_UNSAFE_CHARS.sub("\ufffd", value), quote=True)


def _num(value: float) -> str:
    return f"{round(value, 2):g}"


def _ids(prefix: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "", prefix) or "timeline"


def _svg_open(height: float, ids: str) -> str:
    return (
        f'<svg xmlns="{SVG_NS}" class="timeline-svg" viewBox="0 0 {WIDTH} {_num(height)}"'
        f' width="100%" role="img" aria-labelledby="{ids}-title {ids}-desc"'
        f' font-family="system-ui, sans-serif" font-size="{FONT_SIZE}" fill="{INK}">'
    )


def _stripes(count: int) -> Iterator[str]:
    # Every other lane is shaded so that the eye can follow a row from label to bar.
    for row in range(1, count, 2):
        y = LANES_TOP + row * LANE_HEIGHT
        yield (
            f'<rect class="stripe" y="{y}" width="{WIDTH}" height="{LANE_HEIGHT}" fill="{STRIPE}"/>'
        )


def _axis(scale: Scale, height: float) -> Iterator[str]:
    yield (
        f'<line class="axis" x1="{PLOT_LEFT}" x2="{PLOT_RIGHT}" y1="{AXIS_Y}" y2="{AXIS_Y}"'
        f' stroke="{MUTED}"/>'
    )
    for t, label in ticks(scale.end):
        x = _num(scale.x(t))
        yield (
            f'<g class="tick"><line x1="{x}" x2="{x}" y1="{AXIS_Y - 4}" y2="{_num(height)}"'
            f' stroke="{GRID}"/><text x="{x}" y="{AXIS_Y - 8}" text-anchor="middle"'
            f' fill="{MUTED}">{_text(label)}</text></g>'
        )


def _lane(lane: Lane, row: int, scale: Scale, ids: str) -> str:
    kind, _ = ending(lane.proc)
    top = LANES_TOP + row * LANE_HEIGHT
    middle = top + LANE_HEIGHT / 2
    return "".join(
        [
            f'<g class="lane {kind}" data-pid="{lane.proc.pid}" data-depth="{lane.depth}">',
            _label(lane, middle, ids),
            _bar(lane, middle, scale),
            *(_mark(mark, middle, scale) for mark in lane.proc.output),
            "</g>",
        ]
    )


def _label(lane: Lane, middle: float, ids: str) -> str:
    kind, words = ending(lane.proc)
    indent = 6 + INDENT * min(lane.depth, MAX_DEPTH)
    shown = _fit(lane.name, [words, short_ending(lane.proc)], LABEL_WIDTH - indent - 8)
    # The clip path is the backstop should a font be wider than CHAR_WIDTH guesses.
    return (
        f'<text class="label" x="{indent}" y="{_num(middle)}" dominant-baseline="central"'
        f' clip-path="url(#{ids}-labels)">{_text(lane.name)} · '
        # The separator stays out of the tspan: some renderers drop a space leading one.
        f'<tspan fill="{COLOURS[kind]}">{_text(shown)}</tspan>'
        f"<title>{_text(f'{lane.name} (pid {lane.proc.pid}): {words}')}</title></text>"
    )


def _fit(name: str, choices: list[str], room: float) -> str:
    """The first of `choices` that fits after the name, else the last one cut short."""
    chars = int(room / CHAR_WIDTH) - len(name) - 3  # " · "
    for choice in choices:
        if len(choice) <= chars:
            return choice
    return choices[-1][: max(chars - 1, 1)] + "…"


def _bar(lane: Lane, middle: float, scale: Scale) -> str:
    proc = lane.proc
    kind, _ = ending(proc)
    left = scale.x(proc.start)
    right = PLOT_RIGHT if proc.end is None else scale.x(proc.end)
    return (
        f'<rect class="bar" x="{_num(left)}" y="{_num(middle - BAR_HEIGHT / 2)}"'
        f' width="{_num(max(right - left, MIN_BAR_WIDTH))}" height="{BAR_HEIGHT}" rx="2"'
        f' fill="{COLOURS[kind]}"><title>{_text(bar_tooltip(lane))}</title></rect>'
    )


def bar_tooltip(lane: Lane) -> str:
    proc = lane.proc
    _, words = ending(proc)
    parent = f"pid {proc.ppid}"
    if lane.parent not in ("", parent):  # "grader" or "call 1" says more than a pid
        parent += f" ({lane.parent})"
    if proc.end is None:
        span = f"started {duration(proc.start)}, still running at the end of the job"
    else:
        span = (
            f"started {duration(proc.start)}, ended {duration(proc.end)},"
            f" ran {duration(proc.end - proc.start)}"
        )
    return "\n".join(
        [
            f"{lane.name} (pid {proc.pid}), child of {parent}",
            span,
            f"CPU {proc.cpu_seconds:.3f} s",
            words,
        ]
    )


def _mark(mark: Mark, middle: float, scale: Scale) -> str:
    x = scale.x(mark.time)
    title = f"<title>{_text(mark_tooltip(mark))}</title>"
    # Told apart by shape and fill, not by hue: a dark dot for stdout, a light diamond for stderr.
    if mark.stream == "stdout":
        return (
            f'<circle class="mark stdout" cx="{_num(x)}" cy="{_num(middle)}" r="4"'
            f' fill="{INK}" stroke="#ffffff" stroke-width="1.5">{title}</circle>'
        )
    points = " ".join(
        f"{_num(x + dx)},{_num(middle + dy)}" for dx, dy in ((0, -5), (5, 0), (0, 5), (-5, 0))
    )
    return (
        f'<polygon class="mark stderr" points="{points}" fill="#ffffff" stroke="{INK}"'
        f' stroke-width="1.5">{title}</polygon>'
    )


def mark_tooltip(mark: Mark) -> str:
    text = mark.text
    if len(text) > MARK_TEXT_CHARS:
        text = text[: MARK_TEXT_CHARS - 1] + "…"
    return f"{mark.stream} at {duration(mark.time)}: {text}"
