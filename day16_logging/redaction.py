"""Secrets kept out of log lines: headers, cookies, and password- or token-like fields.

`redact(value)` returns a copy with every secret replaced by `[REDACTED]`; it walks mappings,
lists and strings (`Authorization: Bearer ...`, `password=...` in a query string or message).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

REDACTED = "[REDACTED]"
# A key is secret when its name contains one of these (case-insensitive): `password`,
# `X-Api-Key`, `access_token`, `Set-Cookie`, `client_secret`, `Authorization`...
_SECRET_KEY = re.compile(
    r"pass(word|wd)?|secret|token|authorization|auth|cookie|api[-_]?key|session|credential",
    re.IGNORECASE,
)


_IN_TEXT = (
    # key=value or "key": "value" pairs in a free text (query strings, messages, reprs)
    re.compile(
        r"""(?P<key>[\w-]*(?:pass(?:word|wd)?|secret|token|api[-_]?key|session|cookie)[\w-]*)"""
        r"""(?P<sep>["']?\s*[=:]\s*["']?)(?P<value>[^\s"'&,;}]+)""",
        re.IGNORECASE,
    ),
    # credentials after an auth scheme, and the password of a URL
    re.compile(r"(?P<key>\b(?:Bearer|Basic|Token))(?P<sep>\s+)(?P<value>[^\s\"',;]+)", re.I),
    re.compile(r"(?P<key>[a-z][a-z0-9+.\-]*://[^:/@\s]*)(?P<sep>:)(?P<value>[^@/\s]+)(?=@)"),
)


_HINT = re.compile(r"pass|secret|token|api[-_]?key|session|cookie|bearer|basic|://", re.I)


def redact(value: Any) -> Any:
    """A copy of `value` with secrets replaced: by key in mappings, by pattern in strings."""
    # solution: replace secrets by [REDACTED]: by key in mappings, header pairs, free text
    if isinstance(value, str):
        return _redact_text(value)
    if isinstance(value, Mapping):
        return {key: _redact_item(key, item) for key, item in value.items()}
    if _is_pair(value):
        return _redact_pair(value)
    if isinstance(value, list | tuple):
        items = [_redact_pair(item) if _is_pair(item) else redact(item) for item in value]
        return type(value)(items) if isinstance(value, tuple) else items
    return value
    # end solution


def _redact_item(key: Any, item: Any) -> Any:
    if isinstance(key, str | bytes) and _SECRET_KEY.search(_text(key)):
        return REDACTED
    return redact(item)


def _is_pair(item: Any) -> bool:
    """A (name, value) pair of a header list: ASGI's bytes pairs, WSGI's str pairs."""
    return isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str | bytes)


def _redact_pair(item: tuple[Any, Any]) -> tuple[Any, Any]:
    return (item[0], _redact_item(item[0], item[1]))


def _redact_text(text: str) -> str:
    # solution: replace the secrets that the patterns find in a text
    if not _HINT.search(text):  # most lines hold no secret: one search instead of three subs
        return text
    for pattern in _IN_TEXT:
        text = pattern.sub(lambda match: match["key"] + match["sep"] + REDACTED, text)
    return text
    # end solution


def _text(key: str | bytes) -> str:
    return key.decode("latin-1") if isinstance(key, bytes) else key
