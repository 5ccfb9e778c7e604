from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.execution_request import ExecutionRequest
from ...models.execution_request_create import ExecutionRequestCreate
from ...types import Response


def _get_kwargs(
    kernel_id: str,
    *,
    body: ExecutionRequestCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/kernels/{kernel_id}/execute".format(
            kernel_id=quote(str(kernel_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ExecutionRequest | None:
    if response.status_code == 202:
        response_202 = ExecutionRequest.from_dict(response.json())

        return response_202

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ExecutionRequest]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    kernel_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExecutionRequestCreate,
) -> Response[Error | ExecutionRequest]:
    """Queue code for execution by the server (jupyter-server-nbmodel).

     With `metadata.document_id` and `metadata.cell_id` of a live room, the server
    writes the outputs, the running state and the execution count into that shared
    cell itself, also when no client is connected. Poll the `Location` for the result.

    Args:
        kernel_id (str):
        body (ExecutionRequestCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExecutionRequest]
    """

    kwargs = _get_kwargs(
        kernel_id=kernel_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    kernel_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExecutionRequestCreate,
) -> Error | ExecutionRequest | None:
    """Queue code for execution by the server (jupyter-server-nbmodel).

     With `metadata.document_id` and `metadata.cell_id` of a live room, the server
    writes the outputs, the running state and the execution count into that shared
    cell itself, also when no client is connected. Poll the `Location` for the result.

    Args:
        kernel_id (str):
        body (ExecutionRequestCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExecutionRequest
    """

    return sync_detailed(
        kernel_id=kernel_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    kernel_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExecutionRequestCreate,
) -> Response[Error | ExecutionRequest]:
    """Queue code for execution by the server (jupyter-server-nbmodel).

     With `metadata.document_id` and `metadata.cell_id` of a live room, the server
    writes the outputs, the running state and the execution count into that shared
    cell itself, also when no client is connected. Poll the `Location` for the result.

    Args:
        kernel_id (str):
        body (ExecutionRequestCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExecutionRequest]
    """

    kwargs = _get_kwargs(
        kernel_id=kernel_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    kernel_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: ExecutionRequestCreate,
) -> Error | ExecutionRequest | None:
    """Queue code for execution by the server (jupyter-server-nbmodel).

     With `metadata.document_id` and `metadata.cell_id` of a live room, the server
    writes the outputs, the running state and the execution count into that shared
    cell itself, also when no client is connected. Poll the `Location` for the result.

    Args:
        kernel_id (str):
        body (ExecutionRequestCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExecutionRequest
    """

    return (
        await asyncio_detailed(
            kernel_id=kernel_id,
            client=client,
            body=body,
        )
    ).parsed
