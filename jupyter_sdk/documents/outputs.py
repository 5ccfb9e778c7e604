"""Writing kernel outputs into a shared cell as they arrive, as JupyterLab renders them.

:class:`~jupyter_sdk.outputs.OutputCollector` folds iopub messages into nbformat outputs
(streams coalesced, ``clear_output(wait=...)``, ``update_display_data``); the writer here
brings the cell's shared ``outputs`` array to the collector's list with the fewest
changes: stream text is appended to its ``Text`` in place (what peers see grow line by
line), other outputs are replaced only when they changed.
"""

from __future__ import annotations

import copy
from typing import Any

from pycrdt import Array, Map, Text

from ..kernels.future import AnyMessage
from ..outputs import Output, OutputCollector
from ..protocol.messages import JSONObject

__all__ = ["OutputWriter", "read_output", "to_shared_output"]


def to_shared_output(output: Output | JSONObject) -> Map[Any]:
    """An nbformat output as JupyterLab stores it: a Map; stream text as a Text."""
    value: dict[str, Any] = copy.deepcopy(dict(output))
    if value.get("output_type") == "stream":
        text = value.get("text", "")
        value["text"] = Text(text if isinstance(text, str) else "".join(map(str, text)))
    return Map(value)


def read_output(item: object) -> JSONObject:
    """An output of a shared cell as an nbformat dict, whichever form its writer used
    (a Map or a plain dict; stream text as a Text, a str or a list of str)."""
    value: object = item.to_py() if isinstance(item, Map | Array | Text) else copy.deepcopy(item)
    if not isinstance(value, dict):
        return {"output_type": "display_data", "data": {}, "metadata": {}}
    text = value.get("text")
    if isinstance(text, list):
        value["text"] = "".join(str(t) for t in text)
    count = value.get("execution_count")
    if isinstance(count, float):
        value["execution_count"] = int(count)
    return value


class OutputWriter:
    """Mirrors one execution's outputs into a shared ``outputs`` array."""

    def __init__(self, youtputs: Array[Any]) -> None:
        self._youtputs = youtputs
        self._collector = OutputCollector()
        self._written: list[Output] = []

    def add(self, msg: AnyMessage) -> None:
        """Take one iopub message into account and update the shared outputs."""
        self._collector.add(msg)
        self._reconcile(self._collector.outputs)

    def _reconcile(self, outputs: list[Output]) -> None:
        youtputs = self._youtputs
        written = self._written
        doc = youtputs.doc
        with doc.transaction():
            if len(youtputs) != len(written):
                # A peer changed the outputs meanwhile: write them whole.
                youtputs.clear()
                written.clear()
            if len(written) > len(outputs):
                del youtputs[len(outputs) :]
                del written[len(outputs) :]
            for index, output in enumerate(outputs):
                if index >= len(written):
                    youtputs.append(to_shared_output(output))
                    written.append(copy.deepcopy(output))
                    continue
                old = written[index]
                if old == output:
                    continue
                if (
                    output["output_type"] == "stream"
                    and old["output_type"] == "stream"
                    and old["name"] == output["name"]
                    and output["text"].startswith(old["text"])
                ):
                    ytext = youtputs[index].get("text")
                    if isinstance(ytext, Text):
                        ytext += output["text"][len(old["text"]) :]  # appended in place
                        old["text"] = output["text"]
                        continue
                youtputs[index] = to_shared_output(output)
                written[index] = copy.deepcopy(output)
