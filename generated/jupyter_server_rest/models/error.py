from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """The JSON body of an API error. `traceback` (always "") appears on unhandled
    exceptions; `short_message` on 501 kernel-start failures of the sessions API,
    which have no `reason`.

        Attributes:
            message (str):
            reason (None | str | Unset):
            traceback (str | Unset):
            short_message (str | Unset):
    """

    message: str
    reason: None | str | Unset = UNSET
    traceback: str | Unset = UNSET
    short_message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        reason: None | str | Unset
        if isinstance(self.reason, Unset):
            reason = UNSET
        else:
            reason = self.reason

        traceback = self.traceback

        short_message = self.short_message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "message": message,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason
        if traceback is not UNSET:
            field_dict["traceback"] = traceback
        if short_message is not UNSET:
            field_dict["short_message"] = short_message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        def _parse_reason(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reason = _parse_reason(d.pop("reason", UNSET))

        traceback = d.pop("traceback", UNSET)

        short_message = d.pop("short_message", UNSET)

        error = cls(
            message=message,
            reason=reason,
            traceback=traceback,
            short_message=short_message,
        )

        error.additional_properties = d
        return error

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
