from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.kernel_spec import KernelSpec
from ...types import Response


def _get_kwargs(
    kernel_name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/kernelspecs/{kernel_name}".format(
            kernel_name=quote(str(kernel_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | KernelSpec | None:
    if response.status_code == 200:
        response_200 = KernelSpec.from_dict(response.json())

        return response_200

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
) -> Response[Error | KernelSpec]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    kernel_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | KernelSpec]:
    """Get a kernelspec.

    Args:
        kernel_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | KernelSpec]
    """

    kwargs = _get_kwargs(
        kernel_name=kernel_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    kernel_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | KernelSpec | None:
    """Get a kernelspec.

    Args:
        kernel_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | KernelSpec
    """

    return sync_detailed(
        kernel_name=kernel_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    kernel_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Error | KernelSpec]:
    """Get a kernelspec.

    Args:
        kernel_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | KernelSpec]
    """

    kwargs = _get_kwargs(
        kernel_name=kernel_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    kernel_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Error | KernelSpec | None:
    """Get a kernelspec.

    Args:
        kernel_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | KernelSpec
    """

    return (
        await asyncio_detailed(
            kernel_name=kernel_name,
            client=client,
        )
    ).parsed
