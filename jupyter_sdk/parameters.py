"""Notebook parameters as code in the kernel's language (papermill's translators).

``jupyter-sdk run -p n 5`` puts ``n = 5`` into an ``injected-parameters`` cell for a
Python kernel, ``n=5`` for bash, ``n = 5`` for R... Pure functions from values (``None``,
booleans, numbers, strings, lists and dicts: what JSON and YAML give) to source text, one
translator per language, each with that language's quoting rules. The language comes from
the kernelspec's ``language`` (or the kernel's ``language_info.name``); a few kernels are
known by name, as papermill knows them (``pysparkkernel``, ``.net-csharp``...). A language
without a translator is refused with :class:`~jupyter_sdk.errors.UnsupportedLanguageError`:
code of another language is never injected.

The text matches papermill's where papermill's is valid code in the language (bash,
Python apart from quote style, R, Julia, Scala); where it is not, the correct form is
used: ``$`` is escaped in Julia strings, MATLAB strings take no backslash escapes,
PowerShell strings are single-quoted (no expansion), bash dicts are associative arrays.
"""

from __future__ import annotations

import json
import keyword
import math
import re
import shlex
from collections.abc import Mapping

from .errors import UnsupportedLanguageError

__all__ = [
    "LANGUAGES",
    "language_key",
    "parameters_code",
]

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_INT32 = range(-(2**31), 2**31)


def _unsupported(language: str, value: object, why: str = "") -> TypeError:
    return TypeError(
        f"a {type(value).__name__} parameter has no {language} form" + (f" ({why})" if why else "")
    )


def _scalar_kind(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "str"
    if isinstance(value, list | tuple):
        return "list"
    if isinstance(value, dict):
        return "dict"
    return "other"


# -- Python -------------------------------------------------------------------------


def _python(value: object) -> str:
    """``value`` as Python source (JSON-like values, tuples, sets and bytes)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if math.isnan(value):
            return "float('nan')"
        if math.isinf(value):
            return "float('inf')" if value > 0 else "float('-inf')"
        return repr(float(value))
    if isinstance(value, str):
        return repr(str(value))
    if isinstance(value, bytes):
        return repr(bytes(value))
    if isinstance(value, list):
        return "[" + ", ".join(_python(v) for v in value) + "]"
    if isinstance(value, tuple):
        items = [_python(v) for v in value]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    if isinstance(value, set | frozenset):
        if not value:
            return "set()"
        return "{" + ", ".join(sorted(_python(v) for v in value)) + "}"
    if isinstance(value, dict):
        pairs = (f"{_python(k)}: {_python(v)}" for k, v in value.items())
        return "{" + ", ".join(pairs) + "}"
    raise TypeError(
        f"a parameter value is None, a bool, number, str, bytes, list, tuple, set or dict, "
        f"not {type(value).__name__}"
    )


def _python_name(name: str) -> str:
    if not name.isidentifier() or keyword.iskeyword(name):
        raise ValueError(f"parameter name {name!r} is not a Python identifier")
    return name


# -- C-like escaped strings ----------------------------------------------------------

_C_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _c_string(
    text: str, *, extra: Mapping[str, str] | None = None, unicode: str = "\\u{:04x}"
) -> str:
    """A double-quoted string with backslash escapes; other control characters as
    ``unicode.format(code)``."""
    table = {**_C_ESCAPES, **(extra or {})}
    out = []
    for char in text:
        if char in table:
            out.append(table[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(unicode.format(ord(char)))
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _finite(value: float, nan: str, inf: str, neg_inf: str) -> str:
    if math.isnan(value):
        return nan
    if math.isinf(value):
        return inf if value > 0 else neg_inf
    return repr(value)


# -- the other languages -------------------------------------------------------------


class _Translator:
    """A language's literals and assignment; subclasses override what differs."""

    language = ""
    comment_format = "# {}"
    list_format = "[{}]"
    list_separator = ", "

    def name(self, name: str) -> str:
        if not _NAME.match(name):
            raise ValueError(f"parameter name {name!r} is not a {self.language} identifier")
        return name

    def assign(self, name: str, code: str) -> str:
        return f"{name} = {code}"

    def lit_none(self) -> str:
        raise _unsupported(self.language, None, "it has no untyped null")

    def lit_bool(self, value: bool) -> str:
        return "true" if value else "false"

    def lit_int(self, value: int) -> str:
        return str(value)

    def lit_float(self, value: float) -> str:
        return repr(value)

    def lit_str(self, value: str) -> str:
        return _c_string(value)

    def lit_list(self, items: list[str]) -> str:
        return self.list_format.format(self.list_separator.join(items))

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        raise TypeError(f"a dict parameter has no {self.language} form")

    def value(self, value: object) -> str:
        kind = _scalar_kind(value)
        if kind == "none":
            return self.lit_none()
        if kind == "bool":
            return self.lit_bool(bool(value))
        if kind == "int":
            assert isinstance(value, int)
            return self.lit_int(int(value))
        if kind == "float":
            assert isinstance(value, float)
            return self.lit_float(float(value))
        if kind == "str":
            return self.lit_str(str(value))
        if kind == "list":
            assert isinstance(value, list | tuple)
            return self.lit_list([self.value(v) for v in value])
        if kind == "dict":
            assert isinstance(value, dict)
            return self.lit_dict([(self.lit_str(str(k)), self.value(v)) for k, v in value.items()])
        raise _unsupported(self.language, value)

    def code(self, parameters: Mapping[str, object]) -> str:
        lines = [self.comment_format.format("Parameters")]
        for name, value in parameters.items():
            lines.append(self.assign(self.name(name), self.value(value)))
        return "\n".join(lines) + "\n"


class _R(_Translator):
    language = "R"
    list_format = "list({})"

    def name(self, name: str) -> str:
        # As papermill: R names cannot start with "_", so leading ones are dropped.
        stripped = super().name(name).lstrip("_")
        if not stripped:
            raise ValueError(f"parameter name {name!r} is not an R identifier")
        return stripped

    def lit_none(self) -> str:
        return "NULL"

    def lit_bool(self, value: bool) -> str:
        return "TRUE" if value else "FALSE"

    def lit_float(self, value: float) -> str:
        return _finite(value, "NaN", "Inf", "-Inf")

    def lit_str(self, value: str) -> str:
        return _c_string(value, unicode="\\x{:02x}")

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        return "list(" + ", ".join(f"{k} = {v}" for k, v in pairs) + ")"


class _Julia(_Translator):
    language = "Julia"

    def lit_none(self) -> str:
        return "nothing"

    def lit_float(self, value: float) -> str:
        return _finite(value, "NaN", "Inf", "-Inf")

    def lit_str(self, value: str) -> str:
        return _c_string(value, extra={"$": "\\$"}, unicode="\\x{:02x}")

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        return "Dict(" + ", ".join(f"{k} => {v}" for k, v in pairs) + ")"


class _Scala(_Translator):
    language = "Scala"
    comment_format = "// {}"
    list_format = "Seq({})"

    def assign(self, name: str, code: str) -> str:
        return f"val {name} = {code}"

    def lit_none(self) -> str:
        return "None"

    def lit_int(self, value: int) -> str:
        return str(value) if value in _INT32 else f"{value}L"

    def lit_float(self, value: float) -> str:
        return _finite(value, "Double.NaN", "Double.PositiveInfinity", "Double.NegativeInfinity")

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        return "Map(" + ", ".join(f"{k} -> {v}" for k, v in pairs) + ")"


class _Matlab(_Translator):
    """MATLAB: string scalars in double quotes (no backslash escapes: quotes doubled,
    control characters joined in with ``char(n)``), cell arrays, ``containers.Map``."""

    language = "MATLAB"
    comment_format = "% {}"
    list_format = "{{{}}}"

    def assign(self, name: str, code: str) -> str:
        return f"{name} = {code};"

    def lit_none(self) -> str:
        return "NaN"  # as papermill

    def lit_float(self, value: float) -> str:
        return _finite(value, "NaN", "Inf", "-Inf")

    def quoted(self, text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    def join(self, parts: list[str]) -> str:
        return " + ".join(parts)

    def lit_str(self, value: str) -> str:
        parts: list[str] = []
        run = ""
        for char in value:
            if ord(char) < 0x20 or ord(char) == 0x7F:
                if run:
                    parts.append(self.quoted(run))
                    run = ""
                parts.append(f"char({ord(char)})")
            else:
                run += char
        if run or not parts:
            parts.append(self.quoted(run))
        if parts[0].startswith("char("):
            parts.insert(0, self.quoted(""))
        return parts[0] if len(parts) == 1 else self.join(parts)

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        if not pairs:
            return "containers.Map()"
        keys = ", ".join(k for k, _ in pairs)
        values = ", ".join(v for _, v in pairs)
        return f"containers.Map({{{keys}}}, {{{values}}})"


class _Octave(_Matlab):
    """GNU Octave: single-quoted char arrays (no escapes, quotes doubled), control
    characters concatenated with ``char(n)`` in brackets."""

    language = "Octave"

    def quoted(self, text: str) -> str:
        return "'" + text.replace("'", "''") + "'"

    def join(self, parts: list[str]) -> str:
        return "[" + " ".join(parts) + "]"


class _CSharp(_Translator):
    language = "C#"
    comment_format = "// {}"
    list_format = "new [] {{ {} }}"

    def assign(self, name: str, code: str) -> str:
        return f"var {name} = {code};"

    def lit_int(self, value: int) -> str:
        return str(value) if value in _INT32 else f"{value}L"

    def lit_float(self, value: float) -> str:
        return _finite(value, "double.NaN", "double.PositiveInfinity", "double.NegativeInfinity")

    def lit_list(self, items: list[str]) -> str:
        return super().lit_list(items) if items else "new object[] { }"

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        body = ", ".join(f"{{ {k} , {v} }}" for k, v in pairs)
        return f"new Dictionary<string,Object>{{ {body} }}"


class _FSharp(_Translator):
    language = "F#"
    comment_format = "(* {} *)"
    list_format = "[ {} ]"
    list_separator = "; "

    def assign(self, name: str, code: str) -> str:
        return f"let {name} = {code}"

    def lit_none(self) -> str:
        return "None"

    def lit_int(self, value: int) -> str:
        return str(value) if value in _INT32 else f"{value}L"

    def lit_float(self, value: float) -> str:
        return _finite(value, "nan", "infinity", "-infinity")

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        tuples = "; ".join(f"({k}, {v} :> IComparable)" for k, v in pairs)
        return f"[ {tuples} ] |> Map.ofList"


class _PowerShell(_Translator):
    """PowerShell: single-quoted strings (no expansion of ``$`` or backticks)."""

    language = "PowerShell"
    list_format = "@({})"

    def assign(self, name: str, code: str) -> str:
        return f"${name} = {code}"

    def lit_none(self) -> str:
        return "$Null"

    def lit_bool(self, value: bool) -> str:
        return "$True" if value else "$False"

    def lit_float(self, value: float) -> str:
        return _finite(
            value, "[double]::NaN", "[double]::PositiveInfinity", "[double]::NegativeInfinity"
        )

    def lit_str(self, value: str) -> str:
        # Curly single quotes also close a PowerShell string: double them too.
        return "'" + re.sub("(['\u2018\u2019\u201a\u201b])", r"\1\1", value) + "'"

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        return "@{" + "; ".join(f"{k} = {v}" for k, v in pairs) + "}"


class _Bash(_Translator):
    """bash: ``name=value`` with POSIX-shell quoting; lists are indexed arrays and dicts
    associative arrays (``declare -A``), of scalars only."""

    language = "bash"
    list_format = "({})"
    list_separator = " "

    def assign(self, name: str, code: str) -> str:
        if code.startswith("declare -A "):
            return f"declare -A {name}={code[len('declare -A ') :]}"
        return f"{name}={code}"

    def lit_none(self) -> str:
        return ""

    def lit_float(self, value: float) -> str:
        return repr(value)

    def lit_str(self, value: str) -> str:
        return shlex.quote(value)

    def value(self, value: object) -> str:
        if isinstance(value, list | tuple | dict):
            inner = value.values() if isinstance(value, dict) else value
            if any(isinstance(v, list | tuple | dict) for v in inner):
                raise _unsupported("bash", value, "bash arrays hold strings, not arrays")
        return super().value(value)

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        return "declare -A (" + " ".join(f"[{k}]={v}" for k, v in pairs) + ")"


class _JavaScript(_Translator):
    """JavaScript and TypeScript: ``var`` (a re-run may redeclare it), JSON literals."""

    language = "JavaScript"
    comment_format = "// {}"

    def assign(self, name: str, code: str) -> str:
        return f"var {name} = {code};"

    def lit_none(self) -> str:
        return "null"

    def lit_float(self, value: float) -> str:
        return _finite(value, "NaN", "Infinity", "-Infinity")

    def lit_str(self, value: str) -> str:
        return json.dumps(value)

    def lit_dict(self, pairs: list[tuple[str, str]]) -> str:
        return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


_TRANSLATORS: dict[str, _Translator] = {
    "R": _R(),
    "julia": _Julia(),
    "scala": _Scala(),
    "matlab": _Matlab(),
    "octave": _Octave(),
    "csharp": _CSharp(),
    "fsharp": _FSharp(),
    "powershell": _PowerShell(),
    "bash": _Bash(),
    "javascript": _JavaScript(),
}

LANGUAGES: tuple[str, ...] = ("python", *sorted(_TRANSLATORS, key=str.lower))
"""The languages parameters can be written in (the keys :func:`language_key` returns)."""

# Kernels papermill knows by name, whatever their kernelspec's language says.
_BY_KERNEL = {
    "pysparkkernel": "python",
    "sparkkernel": "scala",
    "sparkrkernel": "R",
    ".net-csharp": "csharp",
    ".net-fsharp": "fsharp",
    ".net-powershell": "powershell",
}
# Kernelspec languages (lower-cased) and language_info names to their translator.
_ALIASES = {
    "python": "python",
    "python2": "python",
    "python3": "python",
    "ipython": "python",
    "r": "R",
    "julia": "julia",
    "scala": "scala",
    "matlab": "matlab",
    "octave": "octave",
    "c#": "csharp",
    "csharp": "csharp",
    "f#": "fsharp",
    "fsharp": "fsharp",
    "powershell": "powershell",
    "pwsh": "powershell",
    "bash": "bash",
    "javascript": "javascript",
    "typescript": "javascript",
}


def language_key(language: str | None, kernel_name: str | None = None) -> str | None:
    """The translator for a kernel: one of :data:`LANGUAGES`, or ``None`` if there is none.

    Args:
        language: The kernelspec's ``language`` (or the kernel's ``language_info.name``).
        kernel_name: The kernelspec's name (some kernels are known by name, as papermill
            knows them).
    """
    if kernel_name and kernel_name in _BY_KERNEL:
        return _BY_KERNEL[kernel_name]
    if not language:
        return None
    return _ALIASES.get(language.strip().lower())


def parameters_code(
    parameters: Mapping[str, object], language: str = "python", *, kernel_name: str | None = None
) -> str:
    """The source of an ``injected-parameters`` cell in the kernel's language.

    Args:
        parameters: Names and values (``None``, bool, int, float, str, list, dict; Python
            also takes tuples, sets and bytes).
        language: The kernel's language, as its kernelspec or ``language_info`` names it
            (``python``, ``R``, ``bash``, ``C#``...; case does not matter).
        kernel_name: The kernelspec's name, for kernels papermill knows by name.

    Returns:
        A comment line, then one assignment per parameter, each ending in a newline.

    Raises:
        UnsupportedLanguageError: There is no translator for the language.
        ValueError: A name is not an identifier of the language.
        TypeError: A value has no literal form in the language.
    """
    key = language_key(language, kernel_name)
    if key is None:
        raise UnsupportedLanguageError(language, kernel_name)
    if key == "python":
        lines = ["# Parameters"]
        lines += [f"{_python_name(n)} = {_python(v)}" for n, v in parameters.items()]
        return "\n".join(lines) + "\n"
    return _TRANSLATORS[key].code(parameters)
