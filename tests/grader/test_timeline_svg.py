"""The timeline drawing: lanes in tree order, how each process ended, marks, escaping, caps."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from grader.timeline_svg import MAX_LANES, MAX_MARKS, render_timeline, ticks

SVG = "{http://www.w3.org/2000/svg}"


def proc(pid, ppid, start, end, exit_code=0, signal=None, output=(), cpu=0.01):
    return {
        "pid": pid,
        "ppid": ppid,
        "start": start,
        "end": end,
        "exit_code": None if signal or end is None else exit_code,
        "signal": signal,
        "cpu_seconds": cpu,
        "output": [list(o) for o in output],
    }


# The harness (1), two calls (10, 20) and the student's processes, listed out of order.
TREE = [
    proc(1, 0, 0.0, 1.0),
    proc(20, 1, 0.6, None),
    proc(11, 10, 0.2, 0.3, exit_code=3),
    proc(10, 1, 0.1, 0.5),
    proc(21, 20, 0.7, None, output=[(0.8, "stdout", "C")]),
    proc(12, 10, 0.15, 0.4, signal=9),
]


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # fails unless the SVG is well-formed XML


def lanes(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if "lane" in g.get("class", "").split()]


def label(lane: ET.Element) -> str:
    text = lane.find(f"{SVG}text")
    return text.text + text.find(f"{SVG}tspan").text


def bar(lane: ET.Element) -> tuple[float, float]:
    rect = lane.find(f"{SVG}rect[@class='bar']")
    return float(rect.get("x")), float(rect.get("width"))


def by_pid(root: ET.Element) -> dict[int, ET.Element]:
    return {int(lane.get("data-pid")): lane for lane in lanes(root)}


def test_lanes_nest_each_process_under_its_parent_in_start_order():
    root = parse(render_timeline(TREE))
    order = [(int(g.get("data-pid")), int(g.get("data-depth"))) for g in lanes(root)]
    assert order == [(1, 0), (10, 1), (12, 2), (11, 2), (20, 1), (21, 2)]
    xs = {pid: float(g.find(f"{SVG}text").get("x")) for pid, g in by_pid(root).items()}
    assert xs[1] < xs[10] < xs[12] == xs[11] and xs[20] == xs[10]


def test_labels_name_the_roles_and_say_how_each_process_ended():
    labels = {pid: label(g) for pid, g in by_pid(parse(render_timeline(TREE))).items()}
    assert labels == {
        1: "grader · exit 0",
        10: "call 1 · exit 0",
        12: "pid 12 · killed by SIGKILL",
        11: "pid 11 · exit 3",
        20: "call 2 · still running",
        21: "pid 21 · still running",
    }


def test_unknown_signal_and_colour_classes():
    timeline = [proc(1, 0, 0, 1), proc(2, 1, 0, 0.5, signal=99), proc(3, 1, 0, 0.5, exit_code=3)]
    lanes_ = by_pid(parse(render_timeline(timeline)))
    assert label(lanes_[2]) == "call 1 · killed by signal 99"
    assert [lanes_[pid].get("class") for pid in (1, 2, 3)] == [
        "lane normal",
        "lane killed",
        "lane error",
    ]
    fills = {lanes_[pid].find(f"{SVG}rect[@class='bar']").get("fill") for pid in (1, 2, 3)}
    assert len(fills) == 3


def test_a_label_without_room_is_abbreviated_and_the_tooltip_has_it_whole():
    chain = [proc(1, 0, 0, 1)] + [proc(n, n - 1, n / 100, 1) for n in range(2, 11)]
    chain[-1] = proc(10, 9, 0.1, 0.9, signal=9)
    deepest = by_pid(parse(render_timeline(chain)))[10]
    assert label(deepest) == "pid 10 · SIGKILL"
    assert deepest.find(f"{SVG}text/{SVG}title").text == "pid 10 (pid 10): killed by SIGKILL"


def test_still_running_bar_reaches_the_right_edge():
    lanes_ = by_pid(parse(render_timeline(TREE)))
    right_edge = sum(bar(lanes_[1]))  # the grader ended last, at the right edge
    for pid in (20, 21):
        assert lanes_[pid].get("class") == "lane running"
        assert sum(bar(lanes_[pid])) == pytest.approx(right_edge)
    assert "still running" in lanes_[20].find(f"{SVG}rect/{SVG}title").text


def test_bar_tooltip_gives_the_life_of_the_process():
    tooltip = by_pid(parse(render_timeline(TREE)))[11].find(f"{SVG}rect/{SVG}title").text
    assert tooltip.splitlines() == [
        "pid 11 (pid 11), child of pid 10 (call 1)",
        "started 200.0 ms, ended 300.0 ms, ran 100.0 ms",
        "CPU 0.010 s",
        "exit 3",
    ]


def test_bars_and_marks_are_placed_at_their_times():
    timeline = [
        proc(1, 0, 0.0, 2.0, output=[(0.5, "stdout", "B"), (2.0, "stderr", "end")]),
        proc(2, 1, 1.0, 1.5, output=[(1.25, "stdout", "C")]),
    ]
    lanes_ = by_pid(parse(render_timeline(timeline)))
    left, width = bar(lanes_[1])  # from 0 to 2 s: the whole plot

    def x(t):
        return left + width * t / 2.0

    assert bar(lanes_[2]) == pytest.approx((x(1.0), x(1.5) - x(1.0)), abs=0.01)
    dot = lanes_[1].find(f"{SVG}circle")
    assert float(dot.get("cx")) == pytest.approx(x(0.5), abs=0.01)
    assert dot.find(f"{SVG}title").text == "stdout at 500.0 ms: B"
    assert float(lanes_[2].find(f"{SVG}circle").get("cx")) == pytest.approx(x(1.25), abs=0.01)
    diamond = lanes_[1].find(f"{SVG}polygon")
    assert diamond.get("class") == "mark stderr"
    xs = [float(point.split(",")[0]) for point in diamond.get("points").split()]
    assert sum(xs) / len(xs) == pytest.approx(x(2.0), abs=0.01)


def test_stdout_and_stderr_marks_differ_in_shape_and_fill():
    timeline = [proc(1, 0, 0, 1, output=[(0.1, "stdout", "a"), (0.2, "stderr", "b")])]
    lane = lanes(parse(render_timeline(timeline)))[0]
    dot, diamond = lane.find(f"{SVG}circle"), lane.find(f"{SVG}polygon")
    assert dot.get("class") == "mark stdout" and diamond.get("class") == "mark stderr"
    assert dot.get("fill") != diamond.get("fill")


HOSTILE = "</text><script>alert(1)</script>\" onload='alert(2)' &amp; \x00\x1b[31m"


class Tags(HTMLParser):
    """What a browser's HTML parser would see as elements, inline in a page."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_hostile_output_stays_text():
    timeline = [proc(1, 0, 0, 1, output=[(0.5, "stdout", HOSTILE), (0.6, "stderr", "x" * 500)])]
    svg = render_timeline(timeline)
    root = parse(svg)
    assert "<script" not in svg and "onload='" not in svg
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert all("onload" not in value for e in root.iter() for value in e.attrib.values())
    tags = Tags()
    tags.feed(svg)
    assert "script" not in tags.tags
    titles = [t.text for t in root.iter(f"{SVG}title")]
    cleaned = HOSTILE.replace("\x00", "\ufffd").replace("\x1b", "\ufffd")
    assert f"stdout at 500.0 ms: {cleaned}" in titles  # the very text, as text
    long = next(t for t in titles if t.startswith("stderr"))
    assert long == "stderr at 600.0 ms: " + "x" * 79 + "…"


def test_lanes_and_marks_are_capped():
    flood = [(0.5, "stdout", str(n)) for n in range(MAX_MARKS + 30)]
    timeline = [proc(1, 0, 0, 1, output=flood)] + [proc(n, 1, 0.1, 0.2) for n in range(2, 300)]
    root = parse(render_timeline(timeline))
    assert len(lanes(root)) == MAX_LANES
    assert len(lanes(root)[0].findall(f"{SVG}circle")) == MAX_MARKS
    assert root.find(f"{SVG}desc").text.startswith(f"The first {MAX_LANES} processes of 299;")


def test_empty_or_malformed_timeline_draws_nothing():
    assert render_timeline([]) == ""
    assert render_timeline([{"pid": "1"}, "junk", {"start": 0}, {"pid": True, "start": 0}]) == ""
    assert render_timeline(None) == ""


def test_malformed_fields_are_left_out_not_drawn_wrong():
    timeline = [
        proc(1, 0, 0, 1, output=[(0.1, "stdin", "x"), ("soon", "stdout", "y"), (0.2,), "z"]),
        {"pid": 2, "ppid": 1, "start": float("nan")},
        proc(3, 1, 0.2, 0.1),  # ends before it starts: drawn as an instant
    ]
    root = parse(render_timeline(timeline))
    assert [int(g.get("data-pid")) for g in lanes(root)] == [1, 3]
    assert not root.findall(f".//{SVG}circle") and not root.findall(f".//{SVG}polygon")
    assert bar(by_pid(root)[3])[1] == 2  # MIN_BAR_WIDTH


def test_accessible_name_description_and_scaling():
    root = parse(render_timeline(TREE))
    assert root.get("role") == "img" and root.get("width") == "100%" and root.get("viewBox")
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").get("id") == title_id
    desc = root.find(f"{SVG}desc")
    assert desc.get("id") == desc_id
    assert desc.text == (
        "6 processes; at most 4 alive at once; the timeline spans 1.00 s; 1 line of output shown."
    )
    sizes = [float(e.get("font-size")) for e in root.iter() if e.get("font-size")]
    assert sizes and min(sizes) >= 11


def test_processes_back_to_back_never_overlapped():
    desc = parse(render_timeline([proc(1, 0, 0, 1), proc(2, 0, 1, 2)])).find(f"{SVG}desc").text
    assert desc.startswith("2 processes; at most 1 alive at once;")


def test_id_prefix_is_sanitised():
    root = parse(render_timeline(TREE, id_prefix='t"><x'))
    assert root.get("aria-labelledby") == "tx-title tx-desc"


def test_axis_ticks_in_ms_under_a_second_and_in_s_above():
    assert [label for _, label in ticks(0.25)] == [
        "0 ms",
        "50 ms",
        "100 ms",
        "150 ms",
        "200 ms",
        "250 ms",
    ]
    assert [label for _, label in ticks(3.2)] == ["0 s", "1 s", "2 s", "3 s"]
    assert [label for _, label in ticks(0.0042)] == ["0 ms", "1 ms", "2 ms", "3 ms", "4 ms"]
    root = parse(render_timeline(TREE))  # the job ran 1 s
    axis = [g.find(f"{SVG}text").text for g in root.iter(f"{SVG}g") if g.get("class") == "tick"]
    assert axis == ["0 s", "0.2 s", "0.4 s", "0.6 s", "0.8 s", "1 s"]


def test_partial_shows_the_svg_with_a_caption_and_legend_or_nothing():
    html = render_to_string(
        "grader/_timeline.html", {"timeline_svg": mark_safe(render_timeline(TREE))}
    )
    assert '<figure class="timeline">' in html and "<figcaption" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html  # not escaped
    assert "stdout" in html and "stderr" in html
    assert render_to_string("grader/_timeline.html", {"timeline_svg": ""}).strip() == ""
