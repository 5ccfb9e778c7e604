from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_object import JSONObject


T = TypeVar("T", bound="SettingsEntry")


@_attrs_define
class SettingsEntry:
    """
    Attributes:
        id (str): The plugin id
        schema (JSONObject | Unset):
        version (str | Unset): The version of the application that installed the schema
        raw (str | Unset): The user's settings as JSON5 text (comments kept); `{}` when unset
        settings (JSONObject | Unset):
        warning (None | str | Unset):
        last_modified (None | str | Unset):
        created (None | str | Unset):
    """

    id: str
    schema: JSONObject | Unset = UNSET
    version: str | Unset = UNSET
    raw: str | Unset = UNSET
    settings: JSONObject | Unset = UNSET
    warning: None | str | Unset = UNSET
    last_modified: None | str | Unset = UNSET
    created: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        schema: dict[str, Any] | Unset = UNSET
        if not isinstance(self.schema, Unset):
            schema = self.schema.to_dict()

        version = self.version

        raw = self.raw

        settings: dict[str, Any] | Unset = UNSET
        if not isinstance(self.settings, Unset):
            settings = self.settings.to_dict()

        warning: None | str | Unset
        if isinstance(self.warning, Unset):
            warning = UNSET
        else:
            warning = self.warning

        last_modified: None | str | Unset
        if isinstance(self.last_modified, Unset):
            last_modified = UNSET
        else:
            last_modified = self.last_modified

        created: None | str | Unset
        if isinstance(self.created, Unset):
            created = UNSET
        else:
            created = self.created

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
            }
        )
        if schema is not UNSET:
            field_dict["schema"] = schema
        if version is not UNSET:
            field_dict["version"] = version
        if raw is not UNSET:
            field_dict["raw"] = raw
        if settings is not UNSET:
            field_dict["settings"] = settings
        if warning is not UNSET:
            field_dict["warning"] = warning
        if last_modified is not UNSET:
            field_dict["last_modified"] = last_modified
        if created is not UNSET:
            field_dict["created"] = created

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_object import JSONObject  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        _schema = d.pop("schema", UNSET)
        schema: JSONObject | Unset
        if isinstance(_schema, Unset):
            schema = UNSET
        else:
            schema = JSONObject.from_dict(_schema)

        version = d.pop("version", UNSET)

        raw = d.pop("raw", UNSET)

        _settings = d.pop("settings", UNSET)
        settings: JSONObject | Unset
        if isinstance(_settings, Unset):
            settings = UNSET
        else:
            settings = JSONObject.from_dict(_settings)

        def _parse_warning(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        warning = _parse_warning(d.pop("warning", UNSET))

        def _parse_last_modified(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last_modified = _parse_last_modified(d.pop("last_modified", UNSET))

        def _parse_created(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        created = _parse_created(d.pop("created", UNSET))

        settings_entry = cls(
            id=id,
            schema=schema,
            version=version,
            raw=raw,
            settings=settings,
            warning=warning,
            last_modified=last_modified,
            created=created,
        )

        settings_entry.additional_properties = d
        return settings_entry

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
