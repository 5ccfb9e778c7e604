"""Parameter translators (jupyter_sdk.parameters): the text for each language, compared
with papermill's where papermill's is right, and the code run for real where the
interpreter is here (Python, bash, node)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
from collections.abc import Mapping

import pytest
from papermill.translators import translate_parameters

from jupyter_sdk.errors import UnsupportedLanguageError
from jupyter_sdk.parameters import LANGUAGES, language_key, parameters_code

TRICKY = 'it\'s "quoted" $HOME `x` \\ back\ttab\nline 日本 🐍'
VALUES: dict[str, object] = {
    "n": 5,
    "big": 2**40,
    "neg": -3,
    "x": 1.5,
    "flag": True,
    "off": False,
    "nothing": None,
    "text": TRICKY,
    "empty": "",
    "items": [1, "two", 3.0],
}


def test_languages_and_aliases() -> None:
    assert set(LANGUAGES) >= {"python", "R", "julia", "scala", "matlab", "bash", "csharp"}
    assert language_key("Python") == "python"
    assert language_key("python3") == "python"
    assert language_key("R") == "R"
    assert language_key("bash") == "bash"
    assert language_key("C#") == "csharp"
    assert language_key("F#") == "fsharp"
    assert language_key("TypeScript") == "javascript"
    assert language_key("scala", "pysparkkernel") == "python"  # known by kernel name
    assert language_key("brainfuck") is None
    assert language_key(None) is None


@pytest.mark.parametrize("language", ["brainfuck", "", "sh"])
def test_unknown_language_is_refused(language: str) -> None:
    with pytest.raises(UnsupportedLanguageError) as info:
        parameters_code({"n": 1}, language, kernel_name="k")
    assert isinstance(info.value, ValueError)
    assert info.value.language == language
    assert "translator" in str(info.value)
    assert "\n" not in str(info.value)


# -- text per language ----------------------------------------------------------------


def test_python_text() -> None:
    assert parameters_code({"a": 1, "b": "x'y", "c": [None, True], "d": {"k": 1.5}}) == (
        "# Parameters\na = 1\nb = \"x'y\"\nc = [None, True]\nd = {'k': 1.5}\n"
    )
    with pytest.raises(ValueError, match="identifier"):
        parameters_code({"class": 1})


def test_bash_text_matches_papermill() -> None:
    values = {k: v for k, v in VALUES.items() if k != "nothing"}
    values["nothing"] = None
    assert parameters_code(values, "bash") == translate_parameters("bash", "bash", values)
    assert parameters_code({"n": 5, "label": "a b"}, "bash") == ("# Parameters\nn=5\nlabel='a b'\n")


def test_bash_dicts_and_nesting() -> None:
    assert parameters_code({"d": {"a b": 1, "c": "x"}}, "bash") == (
        "# Parameters\ndeclare -A d=(['a b']=1 [c]=x)\n"
    )
    with pytest.raises(TypeError, match="bash"):
        parameters_code({"l": [[1]]}, "bash")


@pytest.mark.parametrize("language", ["R", "julia", "scala"])
def test_text_matches_papermill_without_special_characters(language: str) -> None:
    values: dict[str, object] = {
        "n": 5,
        "x": 1.5,
        "flag": True,
        "s": "plain text",
        "items": [1, "two"],
        "d": {"k": 1},
    }
    if language != "scala":
        values["nothing"] = None
    papermill_language = {"R": "R", "julia": "julia", "scala": "scala"}[language]
    assert parameters_code(values, language) == translate_parameters(
        "k", papermill_language, values
    )


def test_strings_per_language() -> None:
    text = 'a"b\\c$d\ne'
    assert parameters_code({"s": text}, "R") == '# Parameters\ns = "a\\"b\\\\c$d\\ne"\n'
    assert parameters_code({"s": text}, "julia") == '# Parameters\ns = "a\\"b\\\\c\\$d\\ne"\n'
    assert parameters_code({"s": text}, "scala") == '// Parameters\nval s = "a\\"b\\\\c$d\\ne"\n'
    assert parameters_code({"s": text}, "matlab") == (
        '% Parameters\ns = "a""b\\c$d" + char(10) + "e";\n'
    )
    assert parameters_code({"s": "it's"}, "octave") == "% Parameters\ns = 'it''s';\n"
    assert parameters_code({"s": "$x 'y'"}, "powershell") == "# Parameters\n$s = '$x ''y'''\n"
    assert parameters_code({"s": text}, "C#") == ('// Parameters\nvar s = "a\\"b\\\\c$d\\ne";\n')
    assert parameters_code({"s": text}, "F#") == '(* Parameters *)\nlet s = "a\\"b\\\\c$d\\ne"\n'


def test_numbers_and_nulls_per_language() -> None:
    values = {"nan": math.nan, "inf": math.inf, "big": 2**40}
    assert parameters_code(values, "R") == (
        "# Parameters\nnan = NaN\ninf = Inf\nbig = 1099511627776\n"
    )
    assert parameters_code(values, "scala") == (
        "// Parameters\nval nan = Double.NaN\nval inf = Double.PositiveInfinity\n"
        "val big = 1099511627776L\n"
    )
    assert parameters_code({"x": None, "t": True}, "R") == "# Parameters\nx = NULL\nt = TRUE\n"
    assert parameters_code({"x": None}, "julia") == "# Parameters\nx = nothing\n"
    assert parameters_code({"x": None, "t": False}, "powershell") == (
        "# Parameters\n$x = $Null\n$t = $False\n"
    )
    with pytest.raises(TypeError, match="C#"):
        parameters_code({"x": None}, "C#")


def test_collections_per_language() -> None:
    value = {"l": [1, "a"], "d": {"k": [True]}}
    assert parameters_code(value, "R") == (
        '# Parameters\nl = list(1, "a")\nd = list("k" = list(TRUE))\n'
    )
    assert parameters_code(value, "julia") == (
        '# Parameters\nl = [1, "a"]\nd = Dict("k" => [true])\n'
    )
    assert parameters_code(value, "matlab") == (
        '% Parameters\nl = {1, "a"};\nd = containers.Map({"k"}, {{true}});\n'
    )
    assert parameters_code(value, "powershell") == (
        "# Parameters\n$l = @(1, 'a')\n$d = @{'k' = @($True)}\n"
    )
    assert parameters_code({"e": []}, "C#") == "// Parameters\nvar e = new object[] { };\n"


def test_r_drops_leading_underscores_as_papermill() -> None:
    assert parameters_code({"_x": 1}, "R") == "# Parameters\nx = 1\n"
    with pytest.raises(ValueError, match="identifier"):
        parameters_code({"bad name": 1}, "R")


def test_values_without_a_form() -> None:
    with pytest.raises(TypeError):
        parameters_code({"x": object()}, "bash")
    with pytest.raises(TypeError):
        parameters_code({"x": {1, 2}}, "julia")


# -- run for real -----------------------------------------------------------------------


def test_python_code_runs() -> None:
    values = dict(VALUES, t=(1,), nan=math.nan, d={"k": [1, {"z": None}]})
    namespace: dict[str, object] = {}
    exec(parameters_code(values, "python"), namespace)
    for name, value in values.items():
        if name == "nan":
            assert math.isnan(namespace[name])  # type: ignore[arg-type]
        else:
            assert namespace[name] == value, name


def _bash(code: str, probe: str) -> str:
    bash = shutil.which("bash")
    assert bash is not None
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", code + probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return done.stdout


def test_bash_code_runs() -> None:
    code = parameters_code(
        {"n": 5, "text": TRICKY, "flag": True, "nothing": None, "items": ["a b", 2, TRICKY]},
        "bash",
    )
    out = _bash(code, 'printf "%s\\0" "$n" "$text" "$flag" "$nothing" "${#items[@]}" "${items[@]}"')
    assert out.split("\0")[:-1] == ["5", TRICKY, "true", "", "3", "a b", "2", TRICKY]
    code = parameters_code({"d": {"a b": TRICKY, "c": 1}}, "bash")
    assert _bash(code, 'printf "%s\\0" "${d[a b]}" "${d[c]}"').split("\0")[:-1] == [TRICKY, "1"]


def test_javascript_code_runs() -> None:
    # Node is a requirement of the test run (tests/live's peer, tests/scale's proxy).
    values: Mapping[str, object] = dict(VALUES, d={"k": [1, None]}, u="\u2028")
    code = parameters_code(values, "javascript")
    probe = "console.log(JSON.stringify({" + ", ".join(values) + "}))"
    node = shutil.which("node")
    assert node is not None, "node is needed to run the tests"
    done = subprocess.run(
        [node, "-e", code + probe], capture_output=True, text=True, check=True, timeout=30
    )
    assert json.loads(done.stdout) == values


def test_python_code_matches_papermill_values() -> None:
    """Same values as papermill's Python cell (whose quote style differs)."""
    ours: dict[str, object] = {}
    theirs: dict[str, object] = {}
    exec(parameters_code(VALUES), ours)
    exec(translate_parameters("python3", "python", VALUES), theirs)
    assert {k: ours[k] for k in VALUES} == {k: theirs[k] for k in VALUES}
