from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.execution_requests import ExecutionRequests
from ...types import Response


def _get_kwargs(
    kernel_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/kernels/{kernel_id}/execute".format(
            kernel_id=quote(str(kernel_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | ExecutionRequests | None:
    if response.status_code == 200:
        response_200 = ExecutionRequests.from_dict(response.json())

        return response_200

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | ExecutionRequests]:
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
) -> Response[Error | ExecutionRequests]:
    """The execution requests of a kernel still queued or running (jupyter-server-nbmodel).

    Args:
        kernel_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExecutionRequests]
    """

    kwargs = _get_kwargs(
        kernel_id=kernel_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    kernel_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ExecutionRequests | None:
    """The execution requests of a kernel still queued or running (jupyter-server-nbmodel).

    Args:
        kernel_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExecutionRequests
    """

    return sync_detailed(
        kernel_id=kernel_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    kernel_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | ExecutionRequests]:
    """The execution requests of a kernel still queued or running (jupyter-server-nbmodel).

    Args:
        kernel_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | ExecutionRequests]
    """

    kwargs = _get_kwargs(
        kernel_id=kernel_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    kernel_id: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | ExecutionRequests | None:
    """The execution requests of a kernel still queued or running (jupyter-server-nbmodel).

    Args:
        kernel_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | ExecutionRequests
    """

    return (
        await asyncio_detailed(
            kernel_id=kernel_id,
            client=client,
        )
    ).parsed
