from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.contents_format import ContentsFormat, check_contents_format
from ..models.contents_type import ContentsType, check_contents_type
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.notebook import Notebook


T = TypeVar("T", bound="Contents")


@_attrs_define
class Contents:
    """A file, directory or notebook. `content` and `format` are null unless the
    content was asked for: a directory's content lists its entries (without
    content), a notebook's (format `json`) is the notebook, a file's is a
    `text` or `base64` string. `mimetype` is null for directories and notebooks.
    `hash`/`hash_algorithm` are null unless asked for (`hash=1`); `size` is
    null for directories. Managers other than the default may omit `size`,
    `hash` and `hash_algorithm`. `message` appears only for invalid notebooks.

        Attributes:
            name (str): The last part of the path ("" for the root).
            path (str): The full API path ("" for the root).
            type_ (ContentsType):
            writable (bool):
            created (datetime.datetime):
            last_modified (datetime.datetime):
            mimetype (None | str):
            format_ (ContentsFormat | None):
            content (list[Contents] | None | Notebook | str):
            size (int | None | Unset): Size in bytes; null for directories.
            hash_ (None | str | Unset): Hex digest of the content, when asked for.
            hash_algorithm (None | str | Unset): The hash algorithm (e.g. `sha256`), when asked for.
            message (str | Unset): Why nbformat validation failed; only for invalid notebooks (when read with
                content, or saved).
    """

    name: str
    path: str
    type_: ContentsType
    writable: bool
    created: datetime.datetime
    last_modified: datetime.datetime
    mimetype: None | str
    format_: ContentsFormat | None
    content: list[Contents] | None | Notebook | str
    size: int | None | Unset = UNSET
    hash_: None | str | Unset = UNSET
    hash_algorithm: None | str | Unset = UNSET
    message: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.notebook import Notebook  # noqa: PLC0415

        name = self.name

        path = self.path

        type_: str = self.type_

        writable = self.writable

        created = self.created.isoformat()

        last_modified = self.last_modified.isoformat()

        mimetype: None | str
        mimetype = self.mimetype

        format_: None | str
        if isinstance(self.format_, str):
            format_ = self.format_
        else:
            format_ = self.format_

        content: dict[str, Any] | list[dict[str, Any]] | None | str
        if isinstance(self.content, list):
            content = []
            for content_type_2_item_data in self.content:
                content_type_2_item = content_type_2_item_data.to_dict()
                content.append(content_type_2_item)

        elif isinstance(self.content, Notebook):
            content = self.content.to_dict()
        else:
            content = self.content

        size: int | None | Unset
        if isinstance(self.size, Unset):
            size = UNSET
        else:
            size = self.size

        hash_: None | str | Unset
        if isinstance(self.hash_, Unset):
            hash_ = UNSET
        else:
            hash_ = self.hash_

        hash_algorithm: None | str | Unset
        if isinstance(self.hash_algorithm, Unset):
            hash_algorithm = UNSET
        else:
            hash_algorithm = self.hash_algorithm

        message = self.message

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "name": name,
                "path": path,
                "type": type_,
                "writable": writable,
                "created": created,
                "last_modified": last_modified,
                "mimetype": mimetype,
                "format": format_,
                "content": content,
            }
        )
        if size is not UNSET:
            field_dict["size"] = size
        if hash_ is not UNSET:
            field_dict["hash"] = hash_
        if hash_algorithm is not UNSET:
            field_dict["hash_algorithm"] = hash_algorithm
        if message is not UNSET:
            field_dict["message"] = message

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.notebook import Notebook  # noqa: PLC0415

        d = dict(src_dict)
        name = d.pop("name")

        path = d.pop("path")

        type_ = check_contents_type(d.pop("type"))

        writable = d.pop("writable")

        created = datetime.datetime.fromisoformat(d.pop("created"))

        last_modified = datetime.datetime.fromisoformat(d.pop("last_modified"))

        def _parse_mimetype(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        mimetype = _parse_mimetype(d.pop("mimetype"))

        def _parse_format_(data: object) -> ContentsFormat | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                format_type_0 = check_contents_format(data)

                return format_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ContentsFormat | None, data)

        format_ = _parse_format_(d.pop("format"))

        def _parse_content(data: object) -> list[Contents] | None | Notebook | str:
            if data is None:
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                content_type_2 = []
                _content_type_2 = data
                for content_type_2_item_data in _content_type_2:
                    content_type_2_item = Contents.from_dict(content_type_2_item_data)

                    content_type_2.append(content_type_2_item)

                return content_type_2
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                content_type_3 = Notebook.from_dict(data)

                return content_type_3
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[Contents] | None | Notebook | str, data)

        content = _parse_content(d.pop("content"))

        def _parse_size(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        size = _parse_size(d.pop("size", UNSET))

        def _parse_hash_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hash_ = _parse_hash_(d.pop("hash", UNSET))

        def _parse_hash_algorithm(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        hash_algorithm = _parse_hash_algorithm(d.pop("hash_algorithm", UNSET))

        message = d.pop("message", UNSET)

        contents = cls(
            name=name,
            path=path,
            type_=type_,
            writable=writable,
            created=created,
            last_modified=last_modified,
            mimetype=mimetype,
            format_=format_,
            content=content,
            size=size,
            hash_=hash_,
            hash_algorithm=hash_algorithm,
            message=message,
        )

        contents.additional_properties = d
        return contents

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
