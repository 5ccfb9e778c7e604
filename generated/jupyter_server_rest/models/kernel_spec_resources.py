from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="KernelSpecResources")


@_attrs_define
class KernelSpecResources:
    """URLs (with base_url) of the kernelspec's resource files, by name.

    Attributes:
        logo_32x32 (str | Unset):
        logo_64x64 (str | Unset):
        logo_svg (str | Unset):
        kernel_js (str | Unset):
        kernel_css (str | Unset):
    """

    logo_32x32: str | Unset = UNSET
    logo_64x64: str | Unset = UNSET
    logo_svg: str | Unset = UNSET
    kernel_js: str | Unset = UNSET
    kernel_css: str | Unset = UNSET
    additional_properties: dict[str, str] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        logo_32x32 = self.logo_32x32

        logo_64x64 = self.logo_64x64

        logo_svg = self.logo_svg

        kernel_js = self.kernel_js

        kernel_css = self.kernel_css

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if logo_32x32 is not UNSET:
            field_dict["logo-32x32"] = logo_32x32
        if logo_64x64 is not UNSET:
            field_dict["logo-64x64"] = logo_64x64
        if logo_svg is not UNSET:
            field_dict["logo-svg"] = logo_svg
        if kernel_js is not UNSET:
            field_dict["kernel.js"] = kernel_js
        if kernel_css is not UNSET:
            field_dict["kernel.css"] = kernel_css

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        logo_32x32 = d.pop("logo-32x32", UNSET)

        logo_64x64 = d.pop("logo-64x64", UNSET)

        logo_svg = d.pop("logo-svg", UNSET)

        kernel_js = d.pop("kernel.js", UNSET)

        kernel_css = d.pop("kernel.css", UNSET)

        kernel_spec_resources = cls(
            logo_32x32=logo_32x32,
            logo_64x64=logo_64x64,
            logo_svg=logo_svg,
            kernel_js=kernel_js,
            kernel_css=kernel_css,
        )

        kernel_spec_resources.additional_properties = d
        return kernel_spec_resources

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> str:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: str) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
