from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.json_object import JSONObject
    from ..models.notebook_cell import NotebookCell


T = TypeVar("T", bound="Notebook")


@_attrs_define
class Notebook:
    """An nbformat 4 notebook.

    Attributes:
        cells (list[NotebookCell]):
        metadata (JSONObject): A free-form JSON object.
        nbformat (int):
        nbformat_minor (int):
    """

    cells: list[NotebookCell]
    metadata: JSONObject
    nbformat: int
    nbformat_minor: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cells = []
        for cells_item_data in self.cells:
            cells_item = cells_item_data.to_dict()
            cells.append(cells_item)

        metadata = self.metadata.to_dict()

        nbformat = self.nbformat

        nbformat_minor = self.nbformat_minor

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "cells": cells,
                "metadata": metadata,
                "nbformat": nbformat,
                "nbformat_minor": nbformat_minor,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_object import JSONObject  # noqa: PLC0415
        from ..models.notebook_cell import NotebookCell  # noqa: PLC0415

        d = dict(src_dict)
        cells = []
        _cells = d.pop("cells")
        for cells_item_data in _cells:
            cells_item = NotebookCell.from_dict(cells_item_data)

            cells.append(cells_item)

        metadata = JSONObject.from_dict(d.pop("metadata"))

        nbformat = d.pop("nbformat")

        nbformat_minor = d.pop("nbformat_minor")

        notebook = cls(
            cells=cells,
            metadata=metadata,
            nbformat=nbformat,
            nbformat_minor=nbformat_minor,
        )

        notebook.additional_properties = d
        return notebook

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
