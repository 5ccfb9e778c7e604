from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_object import JSONObject


T = TypeVar("T", bound="CSPViolationReport")


@_attrs_define
class CSPViolationReport:
    """A browser's CSP violation report.

    Attributes:
        csp_report (JSONObject | Unset): A free-form JSON object.
    """

    csp_report: JSONObject | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        csp_report: dict[str, Any] | Unset = UNSET
        if not isinstance(self.csp_report, Unset):
            csp_report = self.csp_report.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if csp_report is not UNSET:
            field_dict["csp-report"] = csp_report

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_object import JSONObject  # noqa: PLC0415

        d = dict(src_dict)
        _csp_report = d.pop("csp-report", UNSET)
        csp_report: JSONObject | Unset
        if isinstance(_csp_report, Unset):
            csp_report = UNSET
        else:
            csp_report = JSONObject.from_dict(_csp_report)

        csp_violation_report = cls(
            csp_report=csp_report,
        )

        csp_violation_report.additional_properties = d
        return csp_violation_report

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
