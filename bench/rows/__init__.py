"""The rows of the benchmark, one module each, found by :func:`discover`.

Adding a row is a one-file change: drop ``bench/rows/<name>.py`` defining ``Row`` (see
:mod:`bench.rows._base` for the interface). Modules whose name starts with ``_`` are
helpers, not rows.
"""

from __future__ import annotations

import importlib
import pkgutil
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["RowSpec", "discover"]


@dataclass(frozen=True)
class RowSpec:
    """A discovered row: its name, module, and how to make it."""

    name: str
    module: str
    order: int
    factory: Callable[[], Any]
    import_error: str | None = None


class _Broken:
    """Stands in for a row whose module failed to import, so the table shows why."""

    metrics = None

    def __init__(self, name: str, error: str) -> None:
        self.name = name
        self._error = error

    async def setup(self, base_url: str, token: str) -> None:
        raise ImportError(self._error)

    async def execute(self, code: str) -> None:
        raise ImportError(self._error)

    async def execute_many(self, codes: Any) -> None:
        raise ImportError(self._error)

    async def rest_get(self, path: str) -> None:
        raise ImportError(self._error)

    async def teardown(self) -> None:
        pass


def discover() -> dict[str, RowSpec]:
    """Every row module's ``Row``, by row name, in table order."""
    found: list[RowSpec] = []
    for info in pkgutil.iter_modules(__path__):
        if info.name.startswith("_"):
            continue
        module_name = f"{__name__}.{info.name}"
        try:
            module = importlib.import_module(module_name)
            factory = module.Row
        except Exception as exc:
            error = f"import {module_name}: {type(exc).__name__}: {exc}"
            name = info.name.replace("_", "-")
            traceback.print_exc()

            def broken(name: str = name, error: str = error) -> _Broken:
                return _Broken(name, error)

            found.append(RowSpec(name, module_name, 1000, broken, error))
            continue
        name = getattr(factory, "name", "") or info.name
        found.append(RowSpec(name, module_name, int(getattr(factory, "order", 50)), factory))
    found.sort(key=lambda spec: (spec.order, spec.name))
    rows: dict[str, RowSpec] = {}
    for spec in found:
        if spec.name in rows:
            raise ValueError(
                f"two rows named {spec.name!r}: {rows[spec.name].module}, {spec.module}"
            )
        rows[spec.name] = spec
    return rows
