from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...types import File, Response


def _get_kwargs(
    kernel_name: str,
    file_name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/kernelspecs/{kernel_name}/{file_name}".format(
            kernel_name=quote(str(kernel_name), safe=""),
            file_name=quote(str(file_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | str | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 403:
        response_403 = response.text
        return response_403

    if response.status_code == 404:
        response_404 = response.text
        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[File | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    kernel_name: str,
    file_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[File | str]:
    """Download a kernelspec resource file (logo, kernel.js, ...).

     Unauthenticated requests are redirected (302) to `/login`.

    Args:
        kernel_name (str):
        file_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        kernel_name=kernel_name,
        file_name=file_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    kernel_name: str,
    file_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> File | str | None:
    """Download a kernelspec resource file (logo, kernel.js, ...).

     Unauthenticated requests are redirected (302) to `/login`.

    Args:
        kernel_name (str):
        file_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return sync_detailed(
        kernel_name=kernel_name,
        file_name=file_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    kernel_name: str,
    file_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[File | str]:
    """Download a kernelspec resource file (logo, kernel.js, ...).

     Unauthenticated requests are redirected (302) to `/login`.

    Args:
        kernel_name (str):
        file_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        kernel_name=kernel_name,
        file_name=file_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    kernel_name: str,
    file_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> File | str | None:
    """Download a kernelspec resource file (logo, kernel.js, ...).

     Unauthenticated requests are redirected (302) to `/login`.

    Args:
        kernel_name (str):
        file_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return (
        await asyncio_detailed(
            kernel_name=kernel_name,
            file_name=file_name,
            client=client,
        )
    ).parsed
