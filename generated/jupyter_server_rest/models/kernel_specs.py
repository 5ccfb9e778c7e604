from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.kernel_spec_map import KernelSpecMap


T = TypeVar("T", bound="KernelSpecs")


@_attrs_define
class KernelSpecs:
    """
    Attributes:
        default (str): The default kernelspec name.
        kernelspecs (KernelSpecMap): The kernelspecs by name.
    """

    default: str
    kernelspecs: KernelSpecMap
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        default = self.default

        kernelspecs = self.kernelspecs.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "default": default,
                "kernelspecs": kernelspecs,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kernel_spec_map import KernelSpecMap  # noqa: PLC0415

        d = dict(src_dict)
        default = d.pop("default")

        kernelspecs = KernelSpecMap.from_dict(d.pop("kernelspecs"))

        kernel_specs = cls(
            default=default,
            kernelspecs=kernelspecs,
        )

        kernel_specs.additional_properties = d
        return kernel_specs

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
