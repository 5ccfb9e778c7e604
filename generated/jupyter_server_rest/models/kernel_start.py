from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="KernelStart")


@_attrs_define
class KernelStart:
    """
    Attributes:
        name (str | Unset): The kernelspec (the default kernelspec when omitted).
        path (None | str | Unset): API path of the kernel's working directory.
        kernel_id (None | str | Unset): An id to give the kernel (must match `\\w+-\\w+-\\w+-\\w+-\\w+` to be
            addressable).
    """

    name: str | Unset = UNSET
    path: None | str | Unset = UNSET
    kernel_id: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        path: None | str | Unset
        if isinstance(self.path, Unset):
            path = UNSET
        else:
            path = self.path

        kernel_id: None | str | Unset
        if isinstance(self.kernel_id, Unset):
            kernel_id = UNSET
        else:
            kernel_id = self.kernel_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if path is not UNSET:
            field_dict["path"] = path
        if kernel_id is not UNSET:
            field_dict["kernel_id"] = kernel_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        def _parse_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        path = _parse_path(d.pop("path", UNSET))

        def _parse_kernel_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        kernel_id = _parse_kernel_id(d.pop("kernel_id", UNSET))

        kernel_start = cls(
            name=name,
            path=path,
            kernel_id=kernel_id,
        )

        kernel_start.additional_properties = d
        return kernel_start

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
