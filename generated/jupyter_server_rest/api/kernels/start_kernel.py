from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.kernel import Kernel
from ...models.kernel_start import KernelStart
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: KernelStart | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/kernels",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Kernel | None:
    if response.status_code == 201:
        response_201 = Kernel.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | Kernel]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: KernelStart | Unset = UNSET,
) -> Response[Error | Kernel]:
    """Start a kernel.

     Without a body (or without `name`), starts the default kernelspec. An
    unknown kernelspec answers 500 ("Unhandled error").

    Args:
        body (KernelStart | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Kernel]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: KernelStart | Unset = UNSET,
) -> Error | Kernel | None:
    """Start a kernel.

     Without a body (or without `name`), starts the default kernelspec. An
    unknown kernelspec answers 500 ("Unhandled error").

    Args:
        body (KernelStart | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Kernel
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: KernelStart | Unset = UNSET,
) -> Response[Error | Kernel]:
    """Start a kernel.

     Without a body (or without `name`), starts the default kernelspec. An
    unknown kernelspec answers 500 ("Unhandled error").

    Args:
        body (KernelStart | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Kernel]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: KernelStart | Unset = UNSET,
) -> Error | Kernel | None:
    """Start a kernel.

     Without a body (or without `name`), starts the default kernelspec. An
    unknown kernelspec answers 500 ("Unhandled error").

    Args:
        body (KernelStart | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Kernel
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
