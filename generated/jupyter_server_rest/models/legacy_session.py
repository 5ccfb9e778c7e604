from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.kernel import Kernel
    from ..models.legacy_session_notebook import LegacySessionNotebook


T = TypeVar("T", bound="LegacySession")


@_attrs_define
class LegacySession:
    """The session shape of Jupyter Kernel Gateway and Enterprise Gateway (and of
    notebook servers before 5.0): the path only under `notebook`, no `name` or `type`.

        Attributes:
            id (str):
            notebook (LegacySessionNotebook):
            kernel (Kernel):
    """

    id: str
    notebook: LegacySessionNotebook
    kernel: Kernel
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        notebook = self.notebook.to_dict()

        kernel = self.kernel.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "notebook": notebook,
                "kernel": kernel,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kernel import Kernel  # noqa: PLC0415
        from ..models.legacy_session_notebook import LegacySessionNotebook  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        notebook = LegacySessionNotebook.from_dict(d.pop("notebook"))

        kernel = Kernel.from_dict(d.pop("kernel"))

        legacy_session = cls(
            id=id,
            notebook=notebook,
            kernel=kernel,
        )

        legacy_session.additional_properties = d
        return legacy_session

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
