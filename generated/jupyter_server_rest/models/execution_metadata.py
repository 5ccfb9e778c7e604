from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="ExecutionMetadata")


@_attrs_define
class ExecutionMetadata:
    """Where the outputs go.

    Attributes:
        document_id (str | Unset): The room, `json:notebook:<fileId>`.
        cell_id (str | Unset):
        record_timing (bool | Unset):
    """

    document_id: str | Unset = UNSET
    cell_id: str | Unset = UNSET
    record_timing: bool | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        document_id = self.document_id

        cell_id = self.cell_id

        record_timing = self.record_timing

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if document_id is not UNSET:
            field_dict["document_id"] = document_id
        if cell_id is not UNSET:
            field_dict["cell_id"] = cell_id
        if record_timing is not UNSET:
            field_dict["record_timing"] = record_timing

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        document_id = d.pop("document_id", UNSET)

        cell_id = d.pop("cell_id", UNSET)

        record_timing = d.pop("record_timing", UNSET)

        execution_metadata = cls(
            document_id=document_id,
            cell_id=cell_id,
            record_timing=record_timing,
        )

        execution_metadata.additional_properties = d
        return execution_metadata

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
