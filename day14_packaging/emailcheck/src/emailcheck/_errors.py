"""The one error type: what is wrong with an address, and where."""

from __future__ import annotations


class EmailError(ValueError):
    """An address that is not valid under the chosen options.

    `code` is a stable machine-readable name (`"local.consecutive-dots"`), `reason` the
    sentence for people, `position` the index (from 0, like Python's) of the offending
    character in the text that was checked, or None when the problem is the whole part.
    The message never repeats the whole address, so it is safe to log. A ValueError, so
    pydantic and marshmallow validators turn it into a field error by themselves.
    """

    def __init__(self, code: str, reason: str, *, position: int | None = None) -> None:
        where = "" if position is None else f" (at index {position})"
        super().__init__(reason + where)
        self.code = code
        self.reason = reason
        self.position = position

    def __reduce__(self) -> tuple[object, tuple[type[EmailError], str, str, int | None]]:
        """Pickle by constructor arguments, so the error crosses processes (Celery, pools)."""
        return (_rebuild, (type(self), self.code, self.reason, self.position))


def _rebuild(cls: type[EmailError], code: str, reason: str, position: int | None) -> EmailError:
    return cls(code, reason, position=position)
