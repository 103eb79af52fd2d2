"""Validation of Limits and Job, and the Observations round-trip (no bwrap needed)."""

import json

import pytest

from sandbox import Job, Limits, Observations, ProcessRecord, Snapshot
from sandbox.events import MAX_LINE, LineSplitter, ObservationBuilder


def test_limits_defaults_are_documented_values():
    limits = Limits()
    assert limits.wall_seconds == 10.0
    assert limits.cpu_seconds == 20
    assert limits.memory_bytes == 512 * 2**20
    assert limits.max_processes == 64
    assert limits.output_bytes == 64 * 1024
    assert limits.scratch_bytes == 32 * 2**20
    assert limits.shm_bytes == 64 * 2**20
    assert limits.open_files == 256
    assert limits.file_bytes == 16 * 2**20


def test_limits_are_immutable():
    with pytest.raises(AttributeError):
        Limits().wall_seconds = 1  # type: ignore[misc]


def test_from_mapping_accepts_known_keys():
    limits = Limits.from_mapping({"wall_seconds": 3, "max_processes": 8})
    assert limits.wall_seconds == 3.0 and isinstance(limits.wall_seconds, float)
    assert limits.max_processes == 8
    assert Limits.from_mapping(limits.to_dict()) == limits


@pytest.mark.parametrize(
    "values",
    [
        {"wall_secs": 3},  # unknown key
        {"wall_seconds": 0},  # out of range
        {"wall_seconds": float("inf")},
        {"wall_seconds": "10"},  # wrong type
        {"cpu_seconds": 1.5},  # float for an int
        {"max_processes": True},  # bool is not an int here
        {"max_processes": -1},
        {"memory_bytes": 10**15},  # absurd: rejected, not clamped
    ],
)
def test_from_mapping_rejects_bad_values(values):
    with pytest.raises(ValueError):
        Limits.from_mapping(values)


def test_with_overrides():
    limits = Limits().with_overrides(wall_seconds=2, output_bytes=10)
    assert (limits.wall_seconds, limits.output_bytes) == (2.0, 10)
    with pytest.raises(ValueError):
        Limits().with_overrides(nope=1)
    with pytest.raises(ValueError):
        Limits().with_overrides(open_files=0)


@pytest.mark.parametrize("path", ["/etc/passwd", "../x", "a/../b", "a//b", "./a", "", "a\0b"])
def test_job_rejects_bad_paths(path):
    with pytest.raises(ValueError):
        Job(files={path: b""}, argv=("python3",))


def test_job_rejects_file_used_as_directory_and_bad_env():
    with pytest.raises(ValueError):
        Job(files={"a": b"", "a/b": b""}, argv=("python3",))
    with pytest.raises(ValueError):
        Job(files={}, argv=("python3",), env={"PROCTOR_RESULT_FD": "9"})
    with pytest.raises(ValueError):
        Job(files={}, argv=())
    with pytest.raises(ValueError):
        Job(files={"a.py": "text, not bytes"}, argv=("python3",))  # type: ignore[dict-item]


def test_job_is_frozen_copy():
    files = {"pkg/mod.py": b"x = 1\n"}
    job = Job(files=files, argv=["python3", "-c", "pass"])  # type: ignore[arg-type]
    files["other.py"] = b""
    assert list(job.files) == ["pkg/mod.py"]
    assert job.argv == ("python3", "-c", "pass")
    with pytest.raises(TypeError):
        job.files["x"] = b""  # type: ignore[index]


def test_observations_round_trip_through_json():
    obs = Observations(
        processes=(ProcessRecord(2, 1, 0.0, 0.5, 0, None, 0.1, 2, "python3", "python3"),),
        snapshots=(Snapshot(0.4, "main_exiting", 2, ((2, 1, "t"), (3, 2, "Z"))),),
        stdout=b"\x00\xffout",
        stderr=b"err",
        stdout_truncated=True,
        stderr_truncated=False,
        result=b'{"ok": true}',
        result_truncated=False,
        exit_code=0,
        signal=None,
        wall_seconds=0.6,
        timed_out=False,
        end_reason="exited",
        warnings=("w",),
        leftovers=(3,),
        main_pid=2,
    )
    again = Observations.from_dict(json.loads(json.dumps(obs.to_dict())))
    assert again == obs
    assert again.main == obs.processes[0]
    assert again.snapshots[0].state_of(3) == "Z"


def test_event_parser_is_strict():
    builder = ObservationBuilder()
    for line in [
        b'{"e":"proc","pid":2,"ppid":1,"t":1.0}',  # before hello: refused
        b'{"e":"hello","t":1.0}',
        b"not json",
        b'{"e":"proc","pid":"2","ppid":1,"t":1.5}',  # wrong type
        b'{"e":"proc","pid":true,"ppid":1,"t":1.5}',  # bool is not a pid
        b'{"e":"unknown"}',
        b'{"e":"proc","pid":2,"ppid":1,"t":1.5}',
        b'{"e":"exit","pid":2,"t":2.0,"code":0,"sig":null,"cpu":0.25,"orphan":0}',
    ]:
        builder.feed_line(line)
    assert builder.malformed == 5
    assert [(r.pid, r.start, r.end, r.exit_code) for r in builder.records] == [(2, 0.5, 1.0, 0)]


def test_line_splitter_drops_overlong_lines():
    splitter = LineSplitter()
    assert splitter.feed(b"a\nb") == [b"a"]
    assert splitter.feed(b"x" * (MAX_LINE + 10)) == []
    assert splitter.feed(b"tail\nc\n") == [b"c"]
    assert splitter.dropped == 1
