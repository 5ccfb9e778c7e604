from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contents_format import ContentsFormat, check_contents_format
from ..models.contents_type import ContentsType, check_contents_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.notebook import Notebook


T = TypeVar("T", bound="ContentsSave")


@_attrs_define
class ContentsSave:
    """
    Attributes:
        name (str | Unset):
        path (str | Unset):
        type_ (ContentsType | Unset):
        format_ (ContentsFormat | Unset): `json` for notebooks, `text` or `base64` for files.
        content (None | Notebook | str | Unset): The notebook, or a file's text/base64 content; omitted for directories.
        chunk (int | Unset): Chunk number of a chunked upload (1, 2, ..., -1 for the last).
    """

    name: str | Unset = UNSET
    path: str | Unset = UNSET
    type_: ContentsType | Unset = UNSET
    format_: ContentsFormat | Unset = UNSET
    content: None | Notebook | str | Unset = UNSET
    chunk: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.notebook import Notebook  # noqa: PLC0415

        name = self.name

        path = self.path

        type_: str | Unset = UNSET
        if not isinstance(self.type_, Unset):
            type_ = self.type_

        format_: str | Unset = UNSET
        if not isinstance(self.format_, Unset):
            format_ = self.format_

        content: dict[str, Any] | None | str | Unset
        if isinstance(self.content, Unset):
            content = UNSET
        elif isinstance(self.content, Notebook):
            content = self.content.to_dict()
        else:
            content = self.content

        chunk = self.chunk

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if name is not UNSET:
            field_dict["name"] = name
        if path is not UNSET:
            field_dict["path"] = path
        if type_ is not UNSET:
            field_dict["type"] = type_
        if format_ is not UNSET:
            field_dict["format"] = format_
        if content is not UNSET:
            field_dict["content"] = content
        if chunk is not UNSET:
            field_dict["chunk"] = chunk

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notebook import Notebook  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name", UNSET)

        path = d.pop("path", UNSET)

        _type_ = d.pop("type", UNSET)
        type_: ContentsType | Unset
        if isinstance(_type_, Unset):
            type_ = UNSET
        else:
            type_ = check_contents_type(_type_)

        _format_ = d.pop("format", UNSET)
        format_: ContentsFormat | Unset
        if isinstance(_format_, Unset):
            format_ = UNSET
        else:
            format_ = check_contents_format(_format_)

        def _parse_content(data: object) -> None | Notebook | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_type_2 = Notebook.from_dict(data)

                return content_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Notebook | str | Unset, data)

        content = _parse_content(d.pop("content", UNSET))

        chunk = d.pop("chunk", UNSET)

        contents_save = cls(
            name=name,
            path=path,
            type_=type_,
            format_=format_,
            content=content,
            chunk=chunk,
        )

        contents_save.additional_properties = d
        return contents_save

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
