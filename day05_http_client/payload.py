"""Reading fields out of decoded JSON, with errors that name exactly what was missing.

`response["current"]["temperature_2m"]` raises a bare `KeyError: 'current'` when an API changes;
`number(body, "current", "temperature_2m", source=...)` raises an `ApiResponseError` that says
"forecast from api.open-meteo.com lacks current.temperature_2m (a number)".
"""

from __future__ import annotations

from typing import Any

from day05_http_client.errors import ApiResponseError

Key = str | int
_ABSENT = object()


def find(data: Any, *path: Key, source: str, expected: str = "a value") -> Any:
    """The value at `path` inside `data` (dict keys and list indexes), or ApiResponseError."""
    # solution: walk dict keys and list indexes; raise missing(...) at the first one absent
    current = data
    for key in path:
        if isinstance(key, int) and isinstance(current, list) and 0 <= key < len(current):
            current = current[key]
        elif isinstance(key, str) and isinstance(current, dict) and key in current:
            current = current[key]
        else:
            raise missing(path, source=source, expected=expected)
    return current
    # end solution


def number(data: Any, *path: Key, source: str) -> float:
    """A JSON number (not a boolean) at `path`, as a float."""
    value = find(data, *path, source=source, expected="a number")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise missing(path, source=source, expected="a number", found=value)
    return float(value)


def text(data: Any, *path: Key, source: str, default: str | None = None) -> str:
    """A JSON string at `path`; `default` (when given) replaces a missing or null value."""
    try:
        value = find(data, *path, source=source, expected="a string")
    except ApiResponseError:
        if default is None:
            raise
        return default
    if value is None and default is not None:
        return default
    if not isinstance(value, str):
        raise missing(path, source=source, expected="a string", found=value)
    return value


def array(data: Any, *path: Key, source: str) -> list[Any]:
    """A JSON array at `path`."""
    value = find(data, *path, source=source, expected="an array")
    if not isinstance(value, list):
        raise missing(path, source=source, expected="an array", found=value)
    return value


def not_an_answer(body: Any, *, source: str, kind: str) -> ApiResponseError:
    """The error for JSON of another shape: the upstream answered, but not what was asked."""
    if isinstance(body, dict):
        keys = list(body)
        shown = ", ".join(repr(key)[:40] for key in keys[:3]) + (", ..." if len(keys) > 3 else "")
        found = f"an object with the keys {shown}" if keys else "an empty object"
    else:
        found = f"{type(body).__name__} {body!r:.40}"
    return ApiResponseError(f"{source} is not a {kind}: it is {found}")


def missing(
    path: tuple[Key, ...], *, source: str, expected: str, found: object = _ABSENT
) -> ApiResponseError:
    """The error for a field that is absent or of the wrong type."""
    where = _dotted(path)
    if found is _ABSENT:
        return ApiResponseError(f"{source} lacks {where} ({expected})")
    return ApiResponseError(f"{source} has {where} = {found!r}, expected {expected}")


def _dotted(path: tuple[Key, ...]) -> str:
    """('daily', 'time', 0) -> 'daily.time[0]'."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else key)
    return out or "the body"
