from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="APIStatus")


@_attrs_define
class APIStatus:
    """
    Attributes:
        started (datetime.datetime): When the server started.
        last_activity (datetime.datetime): Last activity on the REST API, kernels or terminals.
        connections (int): Open kernel connections.
        kernels (int): Running kernels.
    """

    started: datetime.datetime
    last_activity: datetime.datetime
    connections: int
    kernels: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        started = self.started.isoformat()

        last_activity = self.last_activity.isoformat()

        connections = self.connections

        kernels = self.kernels

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "started": started,
                "last_activity": last_activity,
                "connections": connections,
                "kernels": kernels,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        started = datetime.datetime.fromisoformat(d.pop("started"))

        last_activity = datetime.datetime.fromisoformat(d.pop("last_activity"))

        connections = d.pop("connections")

        kernels = d.pop("kernels")

        api_status = cls(
            started=started,
            last_activity=last_activity,
            connections=connections,
            kernels=kernels,
        )

        api_status.additional_properties = d
        return api_status

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
