"""Griffe extension for the docs build: render the reST bits of the SDK's docstrings.

The docstrings are Google style, written mostly in Markdown-compatible text, but they
also use a few reST constructs. Rendered as Markdown these would show up literally, so
this extension rewrites each docstring of the package before mkdocstrings renders it:

* ``:class:`X```, ``:meth:`~a.b.c```, ``:func:``, ``:mod:``, ``:attr:``, ``:data:``,
  ``:exc:`` and ``:obj:`` roles become optional cross-references (a link when the target is
  rendered somewhere in the docs, plain code otherwise: never a build warning);
* ``text::`` followed by an indented literal block becomes ``text:`` and a fenced block;
* doctest lines (``>>>``) become a fenced ``pycon`` block;
* a reST simple table (``====  ====`` borders) becomes a Markdown table;
* attrs classes get the ``__init__`` attrs generates, so their signature renders and the
  ``Args`` of their docstring match it (griffe only knows dataclasses).

Only the docs build loads it (``mkdocs.yml``); the source files are never changed.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|meth|func|mod|attr|data|exc|obj):`(?P<target>[^`]+)`")
_TABLE_BORDER = re.compile(r"^\s*=+(?:\s+=+)+\s*$")
_PYTHON_LINE = re.compile(r"^\s*(?:(?:from|import|async|await|with|for|def|class) |[\w.]+\()")


def _lookup(collection: Any, path: str) -> griffe.Object | griffe.Alias | None:
    try:
        found = collection.get_member(path)
    except Exception:
        return None
    return found  # type: ignore[no-any-return]


def _canonical(found: griffe.Object | griffe.Alias) -> str:
    try:
        return str(found.canonical_path)
    except Exception:
        return str(found.path)


def _resolve(obj: griffe.Object, target: str) -> str | None:
    """The full path ``target`` names in ``obj``'s context, if it names anything."""
    collection = obj.modules_collection
    scopes: list[griffe.Object] = []
    scope: griffe.Object | None = obj
    while scope is not None:
        scopes.append(scope)
        scope = scope.parent
    candidates = [f"{s.path}.{target}" for s in scopes] + [target, f"jupyter_sdk.{target}"]
    for candidate in candidates:
        found = _lookup(collection, candidate)
        if found is not None:
            return _canonical(found)
    return None


def _roles(obj: griffe.Object, text: str) -> str:
    # A role split across two lines ("... :meth:`~A.\n  b`") is joined first.
    text = re.sub(r"(:(?:class|meth|func|mod|attr|data|exc|obj):`[^`\n]*)\n\s*", r"\1", text)

    def replace(match: re.Match[str]) -> str:
        target = match["target"].lstrip("!")
        short = target.startswith("~")
        target = target.lstrip("~")
        title = target.rsplit(".", 1)[-1] if short else target
        path = _resolve(obj, target)
        if path is None or title.startswith("_"):
            return f"`{title}`"
        return f'<autoref identifier="{path}" optional><code>{title}</code></autoref>'

    return _ROLE.sub(replace, text)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _fence(lines: list[str], lang: str) -> list[str]:
    width = min((_indent(x) for x in lines if x.strip()), default=0)
    return [f"```{lang}", *(x[width:] for x in lines), "```"]


def _literal_blocks(text: str) -> str:
    """``text::`` + indented block, and doctest lines, become fenced code blocks."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.rstrip()
        if stripped.endswith("::"):
            base = _indent(line)
            head = stripped[:-2].rstrip()
            lang = "text"
            if head.strip().lower() == "example":
                # "Example:" alone would start a Google "Examples" section.
                out.append(head.replace("Example", "For example:"))
            elif head.strip():
                out.append(head + ":")
            j = i + 1
            block: list[str] = []
            while j < len(lines) and (not lines[j].strip() or _indent(lines[j]) > base):
                block.append(lines[j])
                j += 1
            while block and not block[-1].strip():
                block.pop()
                j -= 1
            body = list(block)
            while body and not body[0].strip():
                body.pop(0)
            if any(_PYTHON_LINE.match(x) for x in body):
                lang = "python"
            out.append("")
            out.extend(" " * base + x for x in _fence(body, lang))
            i = j
            continue
        if line.lstrip().startswith(">>>"):
            base = _indent(line)
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out.extend(" " * base + x for x in _fence(block, "pycon"))
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _tables(text: str) -> str:
    """reST simple tables (three ``===`` borders: top, under the header, bottom)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        if not _TABLE_BORDER.match(lines[i]):
            out.append(lines[i])
            i += 1
            continue
        border = lines[i]
        spans = [(m.start(), m.end()) for m in re.finditer(r"=+", border)]
        rows: list[list[str]] = []
        borders = 1
        j = i + 1
        while j < len(lines) and borders < 3:
            if _TABLE_BORDER.match(lines[j]):
                borders += 1
            elif lines[j].strip():
                row = lines[j]
                cells = []
                for k, (start, _end) in enumerate(spans):
                    stop = spans[k + 1][0] if k + 1 < len(spans) else len(row)
                    cells.append(row[start:stop].strip())
                if rows and borders >= 2 and not cells[0]:
                    # An empty first column continues the previous row's cells.
                    rows[-1] = [f"{a} {b}".strip() for a, b in zip(rows[-1], cells, strict=True)]
                else:
                    rows.append(cells)
            j += 1
        if borders < 3 or not rows:
            out.append(lines[i])
            i += 1
            continue
        pad = border[: _indent(border)]
        out.append(pad + "| " + " | ".join(rows[0]) + " |")
        out.append(pad + "|" + "---|" * len(spans))
        out.extend(pad + "| " + " | ".join(r) + " |" for r in rows[1:])
        i = j
    return "\n".join(out)


_ATTRS_CLASS = re.compile(r"^(?:attrs?\.)?(?:frozen|define|mutable|s|attrs)\b|^_attrs_define\b")
_ATTRS_FIELD = ("field", "ib", "attrib", "_attrs_field")


def _attrs_init(cls: griffe.Class) -> None:
    """Give an attrs class the ``__init__`` attrs generates (griffe knows dataclasses only).

    Its parameters are the annotated class attributes in source order, with their defaults
    (``attrs.field(default=...)``, ``factory=``) and without ``init=False`` fields, so the
    signature renders and the docstring's ``Args`` match it.
    """
    if "__init__" in cls.members:
        return
    if not any(_ATTRS_CLASS.match(str(d.value)) for d in cls.decorators):
        return
    parameters = [griffe.Parameter("self", kind=griffe.ParameterKind.positional_or_keyword)]
    methods = [m for m in cls.members.values() if isinstance(m, griffe.Function)]
    for member in cls.members.values():
        if not isinstance(member, griffe.Attribute) or member.annotation is None:
            continue
        if (
            "property" in member.labels
            or "ClassVar" in str(member.annotation)
            or any((m.lineno or 0) <= (member.lineno or 0) <= (m.endlineno or 0) for m in methods)
        ):
            continue  # not a field: a class variable, or assigned in a method
        default: str | griffe.Expr | None = member.value
        if isinstance(default, griffe.ExprCall) and (
            str(default.function).rsplit(".", 1)[-1] in _ATTRS_FIELD
        ):
            keywords = {
                a.name: a.value for a in default.arguments if isinstance(a, griffe.ExprKeyword)
            }
            if str(keywords.get("init", "True")) == "False":
                continue
            if "default" in keywords:
                default = keywords["default"]
            elif "factory" in keywords:
                default = f"{keywords['factory']}()"
            else:
                default = None
        parameters.append(
            griffe.Parameter(
                member.name.lstrip("_"),
                annotation=member.annotation,
                kind=griffe.ParameterKind.positional_or_keyword,
                default=default,
            )
        )
    init = griffe.Function(
        "__init__",
        lineno=cls.lineno,
        endlineno=cls.lineno,
        parameters=griffe.Parameters(*parameters),
        returns="None",
    )
    cls.set_member("__init__", init)


class RestructuredTextRoles(griffe.Extension):
    """Rewrite the reST constructs of every docstring in the loaded package (and give
    attrs classes their generated ``__init__``)."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._visit(pkg, set())

    def _visit(self, obj: griffe.Object, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            text = obj.docstring.value
            text = _tables(_literal_blocks(_roles(obj, text)))
            obj.docstring.value = text
        if isinstance(obj, griffe.Class):
            _attrs_init(obj)
        for member in list(obj.members.values()):
            if isinstance(member, griffe.Alias):
                continue
            self._visit(member, seen)
