from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.json_object import JSONObject


T = TypeVar("T", bound="ExecutionRequest")


@_attrs_define
class ExecutionRequest:
    """One execution request as the server reports it. `outputs` is a JSON-encoded
    list of nbformat outputs; `status` and `execution_count` come with the result,
    `error` when the request failed, `input_request` while input is pending.

        Attributes:
            request_id (str | Unset):
            kernel_id (str | Unset):
            cell_id (None | str | Unset):
            document_path (None | str | Unset):
            request_url (str | Unset):
            pending (bool | Unset):
            request_status (str | Unset):
            status (str | Unset):
            execution_count (int | None | Unset):
            outputs (str | Unset):
            error (str | Unset):
            input_request (JSONObject | Unset): A free-form JSON object.
            parent_header (JSONObject | Unset): A free-form JSON object.
    """

    request_id: str | Unset = UNSET
    kernel_id: str | Unset = UNSET
    cell_id: None | str | Unset = UNSET
    document_path: None | str | Unset = UNSET
    request_url: str | Unset = UNSET
    pending: bool | Unset = UNSET
    request_status: str | Unset = UNSET
    status: str | Unset = UNSET
    execution_count: int | None | Unset = UNSET
    outputs: str | Unset = UNSET
    error: str | Unset = UNSET
    input_request: JSONObject | Unset = UNSET
    parent_header: JSONObject | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        request_id = self.request_id

        kernel_id = self.kernel_id

        cell_id: None | str | Unset
        if isinstance(self.cell_id, Unset):
            cell_id = UNSET
        else:
            cell_id = self.cell_id

        document_path: None | str | Unset
        if isinstance(self.document_path, Unset):
            document_path = UNSET
        else:
            document_path = self.document_path

        request_url = self.request_url

        pending = self.pending

        request_status = self.request_status

        status = self.status

        execution_count: int | None | Unset
        if isinstance(self.execution_count, Unset):
            execution_count = UNSET
        else:
            execution_count = self.execution_count

        outputs = self.outputs

        error = self.error

        input_request: dict[str, Any] | Unset = UNSET
        if not isinstance(self.input_request, Unset):
            input_request = self.input_request.to_dict()

        parent_header: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parent_header, Unset):
            parent_header = self.parent_header.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if request_id is not UNSET:
            field_dict["request_id"] = request_id
        if kernel_id is not UNSET:
            field_dict["kernel_id"] = kernel_id
        if cell_id is not UNSET:
            field_dict["cell_id"] = cell_id
        if document_path is not UNSET:
            field_dict["document_path"] = document_path
        if request_url is not UNSET:
            field_dict["request_url"] = request_url
        if pending is not UNSET:
            field_dict["pending"] = pending
        if request_status is not UNSET:
            field_dict["request_status"] = request_status
        if status is not UNSET:
            field_dict["status"] = status
        if execution_count is not UNSET:
            field_dict["execution_count"] = execution_count
        if outputs is not UNSET:
            field_dict["outputs"] = outputs
        if error is not UNSET:
            field_dict["error"] = error
        if input_request is not UNSET:
            field_dict["input_request"] = input_request
        if parent_header is not UNSET:
            field_dict["parent_header"] = parent_header

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.json_object import JSONObject  # noqa: PLC0415

        d = dict(src_dict)
        request_id = d.pop("request_id", UNSET)

        kernel_id = d.pop("kernel_id", UNSET)

        def _parse_cell_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        cell_id = _parse_cell_id(d.pop("cell_id", UNSET))

        def _parse_document_path(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        document_path = _parse_document_path(d.pop("document_path", UNSET))

        request_url = d.pop("request_url", UNSET)

        pending = d.pop("pending", UNSET)

        request_status = d.pop("request_status", UNSET)

        status = d.pop("status", UNSET)

        def _parse_execution_count(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        execution_count = _parse_execution_count(d.pop("execution_count", UNSET))

        outputs = d.pop("outputs", UNSET)

        error = d.pop("error", UNSET)

        _input_request = d.pop("input_request", UNSET)
        input_request: JSONObject | Unset
        if isinstance(_input_request, Unset):
            input_request = UNSET
        else:
            input_request = JSONObject.from_dict(_input_request)

        _parent_header = d.pop("parent_header", UNSET)
        parent_header: JSONObject | Unset
        if isinstance(_parent_header, Unset):
            parent_header = UNSET
        else:
            parent_header = JSONObject.from_dict(_parent_header)

        execution_request = cls(
            request_id=request_id,
            kernel_id=kernel_id,
            cell_id=cell_id,
            document_path=document_path,
            request_url=request_url,
            pending=pending,
            request_status=request_status,
            status=status,
            execution_count=execution_count,
            outputs=outputs,
            error=error,
            input_request=input_request,
            parent_header=parent_header,
        )

        execution_request.additional_properties = d
        return execution_request

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
