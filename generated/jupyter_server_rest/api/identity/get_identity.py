from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.identity_response import IdentityResponse
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    permissions: str | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["permissions"] = permissions

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/me",
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | IdentityResponse | None:
    if response.status_code == 200:
        response_200 = IdentityResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | IdentityResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    permissions: str | Unset = UNSET,
) -> Response[Error | IdentityResponse]:
    """Get the current user's identity and permissions.

     Since Jupyter Server 2.0 (not in 1.x nor the classic notebook server).

    Args:
        permissions (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IdentityResponse]
    """

    kwargs = _get_kwargs(
        permissions=permissions,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    permissions: str | Unset = UNSET,
) -> Error | IdentityResponse | None:
    """Get the current user's identity and permissions.

     Since Jupyter Server 2.0 (not in 1.x nor the classic notebook server).

    Args:
        permissions (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IdentityResponse
    """

    return sync_detailed(
        client=client,
        permissions=permissions,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    permissions: str | Unset = UNSET,
) -> Response[Error | IdentityResponse]:
    """Get the current user's identity and permissions.

     Since Jupyter Server 2.0 (not in 1.x nor the classic notebook server).

    Args:
        permissions (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IdentityResponse]
    """

    kwargs = _get_kwargs(
        permissions=permissions,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    permissions: str | Unset = UNSET,
) -> Error | IdentityResponse | None:
    """Get the current user's identity and permissions.

     Since Jupyter Server 2.0 (not in 1.x nor the classic notebook server).

    Args:
        permissions (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IdentityResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            permissions=permissions,
        )
    ).parsed
