"""`redact`: secrets replaced in mappings, header lists and free text, the rest kept."""

from __future__ import annotations

import pytest

from day16_logging import redact

R = "[REDACTED]"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ({"password": "hunter2", "user": "ada"}, {"password": R, "user": "ada"}),
        ({"Authorization": "Bearer x.y.z"}, {"Authorization": R}),
        ({"nested": {"api_key": "k", "n": 1}}, {"nested": {"api_key": R, "n": 1}}),
        ([(b"cookie", b"sid=1"), (b"accept", b"*/*")], [(b"cookie", R), (b"accept", b"*/*")]),
        (("Set-Cookie", "a=b"), ("Set-Cookie", R)),
        ("/login?user=ada&password=hunter2", f"/login?user=ada&password={R}"),
        ('{"token": "abc123"}', f'{{"token": "{R}"}}'),
        ("Authorization: Bearer abc.def", f"Authorization: Bearer {R}"),
        ("postgresql://app:s3cret@db/tasks", f"postgresql://app:{R}@db/tasks"),
        ("nothing secret here", "nothing secret here"),
        (42, 42),
    ],
    ids=[
        "password-field",
        "authorization-header",
        "nested-api-key",
        "asgi-header-pairs",
        "wsgi-header-pair",
        "query-string",
        "json-text",
        "bearer-in-text",
        "url-password",
        "plain-text",
        "not-text",
    ],
)
def test_redact_replaces_only_the_secrets(value: object, expected: object) -> None:
    assert redact(value) == expected


def test_redact_returns_a_copy() -> None:
    original = {"password": "hunter2"}
    redact(original)
    assert original == {"password": "hunter2"}, "the caller's data is left alone"
