"""Strict decoding of values that come out of the sandbox (untrusted data)."""

from typing import Any

MAX_DEPTH = 25


class Unrepresentable:
    """A returned value that JSON could not carry: kept as its type and repr."""

    def __init__(self, type_name: str, text: str) -> None:
        self.type_name = type_name
        self.text = text

    def __repr__(self) -> str:
        return self.text

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unrepresentable) and (self.type_name, self.text) == (
            other.type_name,
            other.text,
        )

    def __hash__(self) -> int:
        return hash((self.type_name, self.text))


class BadValue(ValueError):
    """The sandbox sent something that is not a well-formed encoded value."""


def decode(data: Any, depth: int = 0) -> Any:
    """The inverse of the harness's to_json_safe; anything unexpected is BadValue."""
    if depth > MAX_DEPTH:
        raise BadValue("nested too deeply")
    if data is None or isinstance(data, (bool, int, float, str)):
        return data
    if isinstance(data, list):
        return [decode(v, depth + 1) for v in data]
    if not isinstance(data, dict) or len(data) not in (1, 2):
        raise BadValue(f"unexpected {type(data).__name__}")
    return _decode_tagged(data, depth)


def _decode_tagged(data: dict, depth: int) -> Any:
    if "$tuple" in data:
        return tuple(decode(v, depth + 1) for v in _list(data["$tuple"]))
    if "$set" in data:
        items = [decode(v, depth + 1) for v in _list(data["$set"])]
        try:
            return set(items)
        except TypeError as exc:
            raise BadValue("unhashable set item") from exc
    if "$dict" in data:
        pairs = _list(data["$dict"])
        if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
            raise BadValue("malformed dict")
        try:
            return {decode(k, depth + 1): decode(v, depth + 1) for k, v in pairs}
        except TypeError as exc:
            raise BadValue("unhashable dict key") from exc
    if "$int" in data and isinstance(data["$int"], str) and len(data["$int"]) < 5000:
        return int(data["$int"])
    if "$float" in data and data["$float"] in ("nan", "inf", "-inf"):
        return float(data["$float"])
    if "$repr" in data and isinstance(data["$repr"], str):
        return Unrepresentable(str(data.get("$type", "object"))[:100], data["$repr"][:500])
    if data == {"$cut": True}:
        return Unrepresentable("cut", "…")
    raise BadValue("unknown tag")


def _list(value: Any) -> list:
    if not isinstance(value, list):
        raise BadValue("expected a list")
    return value
