"""Lazy public names for a day's `__init__.py` (PEP 562).

A day whose package exports both light names (settings, models, errors) and heavy ones (a
FastAPI app factory, a Celery app) imports the heavy ones on first use, so `import dayNN`,
`--help` and a later day that needs only the light names stay fast. Type checkers still see
every name through the package's `if TYPE_CHECKING:` imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from typing import Any


def lazy_exports(
    package: str, lazy: Mapping[str, str], public: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`: each name of `lazy` comes from its module.

    Use in `__init__.py`: `__getattr__, __dir__ = lazy_exports(__name__, {"create_app":
    "dayNN.app"}, __all__)`; `"dayNN.routes.tags:router"` gives a name another module's
    attribute. A name is imported once, then kept in the package's namespace.
    """
    names = sorted(public)

    def __getattr__(name: str) -> Any:
        module = lazy.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, _, attribute = module.partition(":")
        value = getattr(importlib.import_module(module), attribute or name)
        setattr(importlib.import_module(package), name, value)
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(importlib.import_module(package)), *names})

    return __getattr__, __dir__
