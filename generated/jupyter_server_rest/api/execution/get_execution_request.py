from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.execution_request import ExecutionRequest
from ...types import Response


def _get_kwargs(
    kernel_id: str,
    request_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/kernels/{kernel_id}/requests/{request_id}".format(
            kernel_id=quote(str(kernel_id), safe=""),
            request_id=quote(str(request_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ExecutionRequest | None:
    if response.status_code == 200:
        response_200 = ExecutionRequest.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = ExecutionRequest.from_dict(response.json())

        return response_202

    if response.status_code == 300:
        response_300 = ExecutionRequest.from_dict(response.json())

        return response_300

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = ExecutionRequest.from_dict(response.json())

        return response_500

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
    request_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ExecutionRequest]:
    """Poll an execution request (jupyter-server-nbmodel).

     202 while queued or running (with the outputs so far), 300 while the kernel
    waits for input (answer with `POST /api/kernels/{kernel_id}/input`), 200 with the
    result once done (readable once; then 404), 500 when the request failed or was
    cancelled (`error`).

    Args:
        kernel_id (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExecutionRequest]
    """

    kwargs = _get_kwargs(
        kernel_id=kernel_id,
        request_id=request_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    kernel_id: str,
    request_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ExecutionRequest | None:
    """Poll an execution request (jupyter-server-nbmodel).

     202 while queued or running (with the outputs so far), 300 while the kernel
    waits for input (answer with `POST /api/kernels/{kernel_id}/input`), 200 with the
    result once done (readable once; then 404), 500 when the request failed or was
    cancelled (`error`).

    Args:
        kernel_id (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExecutionRequest
    """

    return sync_detailed(
        kernel_id=kernel_id,
        request_id=request_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    kernel_id: str,
    request_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ExecutionRequest]:
    """Poll an execution request (jupyter-server-nbmodel).

     202 while queued or running (with the outputs so far), 300 while the kernel
    waits for input (answer with `POST /api/kernels/{kernel_id}/input`), 200 with the
    result once done (readable once; then 404), 500 when the request failed or was
    cancelled (`error`).

    Args:
        kernel_id (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExecutionRequest]
    """

    kwargs = _get_kwargs(
        kernel_id=kernel_id,
        request_id=request_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    kernel_id: str,
    request_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ExecutionRequest | None:
    """Poll an execution request (jupyter-server-nbmodel).

     202 while queued or running (with the outputs so far), 300 while the kernel
    waits for input (answer with `POST /api/kernels/{kernel_id}/input`), 200 with the
    result once done (readable once; then 404), 500 when the request failed or was
    cancelled (`error`).

    Args:
        kernel_id (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExecutionRequest
    """

    return (
        await asyncio_detailed(
            kernel_id=kernel_id,
            request_id=request_id,
            client=client,
        )
    ).parsed
