from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contents_type import ContentsType, check_contents_type
from ..types import UNSET, Unset

T = TypeVar("T", bound="ContentsCreate")


@_attrs_define
class ContentsCreate:
    """
    Attributes:
        copy_from (str | Unset): API path of a file to copy into the directory.
        ext (str | Unset): Extension of the new untitled file (e.g. `.py`).
        type_ (ContentsType | Unset):
    """

    copy_from: str | Unset = UNSET
    ext: str | Unset = UNSET
    type_: ContentsType | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        copy_from = self.copy_from

        ext = self.ext

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if copy_from is not UNSET:
            field_dict["copy_from"] = copy_from
        if ext is not UNSET:
            field_dict["ext"] = ext
        if type_ is not UNSET:
            field_dict["type"] = type_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        copy_from = d.pop("copy_from", UNSET)

        ext = d.pop("ext", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: ContentsType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_contents_type(_type_)

        contents_create = cls(
            copy_from=copy_from,
            ext=ext,
            type_=type_,
        )

        contents_create.additional_properties = d
        return contents_create

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
