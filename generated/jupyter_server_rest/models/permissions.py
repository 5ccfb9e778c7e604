from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Permissions")


@_attrs_define
class Permissions:
    """For each resource asked in the `permissions` query, the actions the user is
    authorized for; plus `updatable_fields`, the identity fields
    `PATCH /api/me` accepts. Optional: it came with `PATCH /api/me` in Jupyter
    Server 2.17; 2.0 to 2.16 omit it and answer `{}` when no permissions were asked.

        Attributes:
            updatable_fields (list[str] | Unset):
    """

    updatable_fields: list[str] | Unset = UNSET
    additional_properties: dict[str, list[str]] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        updatable_fields: list[str] | Unset = UNSET
        if not isinstance(self.updatable_fields, Unset):
            updatable_fields = self.updatable_fields

        field_dict: dict[str, Any] = {}
        for prop_name, prop in self.additional_properties.items():
            field_dict[prop_name] = prop

        field_dict.update({})
        if updatable_fields is not UNSET:
            field_dict["updatable_fields"] = updatable_fields

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        updatable_fields = cast(list[str], d.pop("updatable_fields", UNSET))

        permissions = cls(
            updatable_fields=updatable_fields,
        )

        additional_properties = {}
        for prop_name, prop_dict in d.items():
            additional_property = cast(list[str], prop_dict)

            additional_properties[prop_name] = additional_property

        permissions.additional_properties = additional_properties
        return permissions

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> list[str]:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: list[str]) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
