from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Kernel")


@_attrs_define
class Kernel:
    """
    Attributes:
        id (str): The kernel id.
        name (str): The kernelspec name.
        last_activity (datetime.datetime):
        execution_state (str): e.g. `starting`, `idle`, `busy`, `restarting`, `dead`.
        connections (int): Open websocket connections to the kernel.
        reason (str | Unset): Why the kernel failed (pending kernels only).
    """

    id: str
    name: str
    last_activity: datetime.datetime
    execution_state: str
    connections: int
    reason: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        name = self.name

        last_activity = self.last_activity.isoformat()

        execution_state = self.execution_state

        connections = self.connections

        reason = self.reason

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "name": name,
                "last_activity": last_activity,
                "execution_state": execution_state,
                "connections": connections,
            }
        )
        if reason is not UNSET:
            field_dict["reason"] = reason

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        name = d.pop("name")

        last_activity = datetime.datetime.fromisoformat(d.pop("last_activity"))

        execution_state = d.pop("execution_state")

        connections = d.pop("connections")

        reason = d.pop("reason", UNSET)

        kernel = cls(
            id=id,
            name=name,
            last_activity=last_activity,
            execution_state=execution_state,
            connections=connections,
            reason=reason,
        )

        kernel.additional_properties = d
        return kernel

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
