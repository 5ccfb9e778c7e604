from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.identity import Identity
    from ..models.permissions import Permissions


T = TypeVar("T", bound="IdentityResponse")


@_attrs_define
class IdentityResponse:
    """
    Attributes:
        identity (Identity): The identity of the current user.
        permissions (Permissions): For each resource asked in the `permissions` query, the actions the user is
            authorized for; plus `updatable_fields`, the identity fields
            `PATCH /api/me` accepts. Optional: it came with `PATCH /api/me` in Jupyter
            Server 2.17; 2.0 to 2.16 omit it and answer `{}` when no permissions were asked.
    """

    identity: Identity
    permissions: Permissions
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        identity = self.identity.to_dict()

        permissions = self.permissions.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "identity": identity,
                "permissions": permissions,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.identity import Identity  # noqa: PLC0415
        from ..models.permissions import Permissions  # noqa: PLC0415

        d = dict(src_dict)
        identity = Identity.from_dict(d.pop("identity"))

        permissions = Permissions.from_dict(d.pop("permissions"))

        identity_response = cls(
            identity=identity,
            permissions=permissions,
        )

        identity_response.additional_properties = d
        return identity_response

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
