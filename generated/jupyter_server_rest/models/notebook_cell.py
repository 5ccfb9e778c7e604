from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.notebook_cell_cell_type import (
    NotebookCellCellType,
    check_notebook_cell_cell_type,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_object import JSONObject
    from ..models.notebook_output import NotebookOutput


T = TypeVar("T", bound="NotebookCell")


@_attrs_define
class NotebookCell:
    """A notebook cell; code cells also carry `execution_count` and `outputs`,
    markdown and raw cells may carry `attachments`. Multi-line strings are
    joined into one string in the server's models.

        Attributes:
            cell_type (NotebookCellCellType):
            source (str):
            metadata (JSONObject): A free-form JSON object.
            id (str | Unset):
            execution_count (int | None | Unset):
            outputs (list[NotebookOutput] | Unset):
            attachments (JSONObject | Unset): A free-form JSON object.
    """

    cell_type: NotebookCellCellType
    source: str
    metadata: JSONObject
    id: str | Unset = UNSET
    execution_count: int | None | Unset = UNSET
    outputs: list[NotebookOutput] | Unset = UNSET
    attachments: JSONObject | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cell_type: str = self.cell_type

        source = self.source

        metadata = self.metadata.to_dict()

        id = self.id

        execution_count: int | None | Unset
        if isinstance(self.execution_count, Unset):
            execution_count = UNSET
        else:
            execution_count = self.execution_count

        outputs: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.outputs, Unset):
            outputs = []
            for outputs_item_data in self.outputs:
                outputs_item = outputs_item_data.to_dict()
                outputs.append(outputs_item)

        attachments: dict[str, Any] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = self.attachments.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cell_type": cell_type,
                "source": source,
                "metadata": metadata,
            }
        )
        if id is not UNSET:
            field_dict["id"] = id
        if execution_count is not UNSET:
            field_dict["execution_count"] = execution_count
        if outputs is not UNSET:
            field_dict["outputs"] = outputs
        if attachments is not UNSET:
            field_dict["attachments"] = attachments

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_object import JSONObject  # noqa: PLC0415
        from ..models.notebook_output import NotebookOutput  # noqa: PLC0415

        d = dict(src_dict)
        cell_type = check_notebook_cell_cell_type(d.pop("cell_type"))

        source = d.pop("source")

        metadata = JSONObject.from_dict(d.pop("metadata"))

        id = d.pop("id", UNSET)

        def _parse_execution_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        execution_count = _parse_execution_count(d.pop("execution_count", UNSET))

        _outputs = d.pop("outputs", UNSET)
        outputs: list[NotebookOutput] | Unset = UNSET
        if _outputs is not UNSET:
            outputs = []
            for outputs_item_data in _outputs:
                outputs_item = NotebookOutput.from_dict(outputs_item_data)

                outputs.append(outputs_item)

        _attachments = d.pop("attachments", UNSET)
        attachments: JSONObject | Unset
        if isinstance(_attachments, Unset):
            attachments = UNSET
        else:
            attachments = JSONObject.from_dict(_attachments)

        notebook_cell = cls(
            cell_type=cell_type,
            source=source,
            metadata=metadata,
            id=id,
            execution_count=execution_count,
            outputs=outputs,
            attachments=attachments,
        )

        notebook_cell.additional_properties = d
        return notebook_cell

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
