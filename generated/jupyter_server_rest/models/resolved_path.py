from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.resolved_path_entry import ResolvedPathEntry
    from ..models.unresolved_path_entry import UnresolvedPathEntry


T = TypeVar("T", bound="ResolvedPath")


@_attrs_define
class ResolvedPath:
    """
    Attributes:
        resolved (list[ResolvedPathEntry]): The scopes in which the path resolved.
        unresolved (list[UnresolvedPathEntry] | Unset): The scopes that failed to resolve the path (when any).
    """

    resolved: list[ResolvedPathEntry]
    unresolved: list[UnresolvedPathEntry] | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        resolved = []
        for resolved_item_data in self.resolved:
            resolved_item = resolved_item_data.to_dict()
            resolved.append(resolved_item)

        unresolved: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.unresolved, Unset):
            unresolved = []
            for unresolved_item_data in self.unresolved:
                unresolved_item = unresolved_item_data.to_dict()
                unresolved.append(unresolved_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "resolved": resolved,
            }
        )
        if unresolved is not UNSET:
            field_dict["unresolved"] = unresolved

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.resolved_path_entry import ResolvedPathEntry  # noqa: PLC0415
        from ..models.unresolved_path_entry import UnresolvedPathEntry  # noqa: PLC0415

        d = dict(src_dict)
        resolved = []
        _resolved = d.pop("resolved")
        for resolved_item_data in _resolved:
            resolved_item = ResolvedPathEntry.from_dict(resolved_item_data)

            resolved.append(resolved_item)

        _unresolved = d.pop("unresolved", UNSET)
        unresolved: list[UnresolvedPathEntry] | Unset = UNSET
        if _unresolved is not UNSET:
            unresolved = []
            for unresolved_item_data in _unresolved:
                unresolved_item = UnresolvedPathEntry.from_dict(unresolved_item_data)

                unresolved.append(unresolved_item)

        resolved_path = cls(
            resolved=resolved,
            unresolved=unresolved,
        )

        resolved_path.additional_properties = d
        return resolved_path

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
