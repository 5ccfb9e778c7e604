from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.notebook import Notebook


T = TypeVar("T", bound="NbconvertRequest")


@_attrs_define
class NbconvertRequest:
    """
    Attributes:
        content (Notebook): An nbformat 4 notebook.
        name (str | Unset): The notebook's file name (default `notebook.ipynb`).
    """

    content: Notebook
    name: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        content = self.content.to_dict()

        name = self.name

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "content": content,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notebook import Notebook  # noqa: PLC0415

        d = dict(src_dict)
        content = Notebook.from_dict(d.pop("content"))

        name = d.pop("name", UNSET)

        nbconvert_request = cls(
            content=content,
            name=name,
        )

        nbconvert_request.additional_properties = d
        return nbconvert_request

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
