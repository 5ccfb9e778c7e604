from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_object import JSONObject


T = TypeVar("T", bound="EventEmit")


@_attrs_define
class EventEmit:
    """
    Attributes:
        schema_id (str): The `$id` of a registered event schema.
        version (str): The schema version (compared as a string).
        data (JSONObject): A free-form JSON object.
        timestamp (str | Unset): Optional timestamp in the format `%Y-%m-%dT%H:%M:%S%zZ`, e.g.
            `2022-05-26T13:50:00+05:00Z` (note the trailing Z after the offset).
    """

    schema_id: str
    version: str
    data: JSONObject
    timestamp: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        schema_id = self.schema_id

        version = self.version

        data = self.data.to_dict()

        timestamp = self.timestamp

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "schema_id": schema_id,
                "version": version,
                "data": data,
            }
        )
        if timestamp is not UNSET:
            field_dict["timestamp"] = timestamp

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_object import JSONObject  # noqa: PLC0415

        d = dict(src_dict)
        schema_id = d.pop("schema_id")

        version = d.pop("version")

        data = JSONObject.from_dict(d.pop("data"))

        timestamp = d.pop("timestamp", UNSET)

        event_emit = cls(
            schema_id=schema_id,
            version=version,
            data=data,
            timestamp=timestamp,
        )

        event_emit.additional_properties = d
        return event_emit

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
