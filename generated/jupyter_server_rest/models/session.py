from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.kernel import Kernel
    from ..models.session_notebook import SessionNotebook


T = TypeVar("T", bound="Session")


@_attrs_define
class Session:
    """
    Attributes:
        id (str):
        path (str):
        name (None | str):
        type_ (str): e.g. `notebook`, `console`, `file`.
        kernel (Kernel):
        notebook (SessionNotebook | Unset): Present when the session's type is `notebook` (legacy shape).
    """

    id: str
    path: str
    name: None | str
    type_: str
    kernel: Kernel
    notebook: SessionNotebook | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        path = self.path

        name: None | str
        name = self.name

        type_ = self.type_

        kernel = self.kernel.to_dict()

        notebook: dict[str, Any] | Unset = UNSET
        if not isinstance(self.notebook, Unset):
            notebook = self.notebook.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "path": path,
                "name": name,
                "type": type_,
                "kernel": kernel,
            }
        )
        if notebook is not UNSET:
            field_dict["notebook"] = notebook

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.kernel import Kernel  # noqa: PLC0415
        from ..models.session_notebook import SessionNotebook  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id")

        path = d.pop("path")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))

        type_ = d.pop("type")

        kernel = Kernel.from_dict(d.pop("kernel"))

        _notebook = d.pop("notebook", UNSET)
        notebook: SessionNotebook | Unset
        if isinstance(_notebook, Unset):
            notebook = UNSET
        else:
            notebook = SessionNotebook.from_dict(_notebook)

        session = cls(
            id=id,
            path=path,
            name=name,
            type_=type_,
            kernel=kernel,
            notebook=notebook,
        )

        session.additional_properties = d
        return session

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
