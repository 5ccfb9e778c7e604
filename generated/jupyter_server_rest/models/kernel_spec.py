from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.kernel_spec_file import KernelSpecFile
    from ..models.kernel_spec_resources import KernelSpecResources


T = TypeVar("T", bound="KernelSpec")


@_attrs_define
class KernelSpec:
    """
    Attributes:
        name (str):
        spec (KernelSpecFile): The kernel.json contents, as jupyter_client's `KernelSpec.to_dict()`.
        resources (KernelSpecResources): URLs (with base_url) of the kernelspec's resource files, by name.
    """

    name: str
    spec: KernelSpecFile
    resources: KernelSpecResources
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        name = self.name

        spec = self.spec.to_dict()

        resources = self.resources.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "spec": spec,
                "resources": resources,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kernel_spec_file import KernelSpecFile  # noqa: PLC0415
        from ..models.kernel_spec_resources import KernelSpecResources  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        spec = KernelSpecFile.from_dict(d.pop("spec"))

        resources = KernelSpecResources.from_dict(d.pop("resources"))

        kernel_spec = cls(
            name=name,
            spec=spec,
            resources=resources,
        )

        kernel_spec.additional_properties = d
        return kernel_spec

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
