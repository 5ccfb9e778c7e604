from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    kernel_id: str,
    request_id: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/api/kernels/{kernel_id}/requests/{request_id}".format(
            kernel_id=quote(str(kernel_id), safe=""),
            request_id=quote(str(request_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Error | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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
) -> Response[Any | Error]:
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
) -> Response[Any | Error]:
    """Interrupt the run of an execution request (jupyter-server-nbmodel).

    Args:
        kernel_id (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
) -> Any | Error | None:
    """Interrupt the run of an execution request (jupyter-server-nbmodel).

    Args:
        kernel_id (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
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
) -> Response[Any | Error]:
    """Interrupt the run of an execution request (jupyter-server-nbmodel).

    Args:
        kernel_id (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Error]
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
) -> Any | Error | None:
    """Interrupt the run of an execution request (jupyter-server-nbmodel).

    Args:
        kernel_id (str):
        request_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Error
    """

    return (
        await asyncio_detailed(
            kernel_id=kernel_id,
            request_id=request_id,
            client=client,
        )
    ).parsed
