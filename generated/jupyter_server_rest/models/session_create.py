from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.session_kernel import SessionKernel


T = TypeVar("T", bound="SessionCreate")


@_attrs_define
class SessionCreate:
    """
    Attributes:
        path (str):
        type_ (str):
        name (None | str | Unset):
        kernel (SessionKernel | Unset): The kernel to use; `id` takes precedence over `name`.
    """

    path: str
    type_: str
    name: None | str | Unset = UNSET
    kernel: SessionKernel | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        path = self.path

        type_ = self.type_

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        kernel: dict[str, Any] | Unset = UNSET
        if not isinstance(self.kernel, Unset):
            kernel = self.kernel.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "path": path,
                "type": type_,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if kernel is not UNSET:
            field_dict["kernel"] = kernel

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.session_kernel import SessionKernel  # noqa: PLC0415

        d = dict(src_dict)
        path = d.pop("path")

        type_ = d.pop("type")

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        _kernel = d.pop("kernel", UNSET)
        kernel: SessionKernel | Unset
        if isinstance(_kernel, Unset):
            kernel = UNSET
        else:
            kernel = SessionKernel.from_dict(_kernel)

        session_create = cls(
            path=path,
            type_=type_,
            name=name,
            kernel=kernel,
        )

        session_create.additional_properties = d
        return session_create

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
