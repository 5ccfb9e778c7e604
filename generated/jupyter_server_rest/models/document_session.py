from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DocumentSession")


@_attrs_define
class DocumentSession:
    """
    Attributes:
        format_ (str):
        type_ (str):
        file_id (str): The document's stable id (jupyter-server-fileid).
        session_id (str): The server process's collaboration session (new after a restart).
    """

    format_: str
    type_: str
    file_id: str
    session_id: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        format_ = self.format_

        type_ = self.type_

        file_id = self.file_id

        session_id = self.session_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "format": format_,
                "type": type_,
                "fileId": file_id,
                "sessionId": session_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        format_ = d.pop("format")

        type_ = d.pop("type")

        file_id = d.pop("fileId")

        session_id = d.pop("sessionId")

        document_session = cls(
            format_=format_,
            type_=type_,
            file_id=file_id,
            session_id=session_id,
        )

        document_session.additional_properties = d
        return document_session

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
