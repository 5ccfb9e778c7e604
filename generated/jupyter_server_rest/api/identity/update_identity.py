from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.identity_update import IdentityUpdate
from ...models.identity_update_response import IdentityUpdateResponse
from ...types import Response


def _get_kwargs(
    *,
    body: IdentityUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/me",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | IdentityUpdateResponse | None:
    if response.status_code == 200:
        response_200 = IdentityUpdateResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 501:
        response_501 = Error.from_dict(response.json())

        return response_501

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | IdentityUpdateResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: IdentityUpdate,
) -> Response[Error | IdentityUpdateResponse]:
    """Update fields of the current user's identity.

     Only the fields listed in `permissions.updatable_fields` of `GET /api/me`
    may be sent (400 otherwise); the default identity provider persists the
    change in the login cookie. Since Jupyter Server 2.17 (older 2.x answer 405).

    Args:
        body (IdentityUpdate): Identity fields to change (only `updatable_fields`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IdentityUpdateResponse]
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
    body: IdentityUpdate,
) -> Error | IdentityUpdateResponse | None:
    """Update fields of the current user's identity.

     Only the fields listed in `permissions.updatable_fields` of `GET /api/me`
    may be sent (400 otherwise); the default identity provider persists the
    change in the login cookie. Since Jupyter Server 2.17 (older 2.x answer 405).

    Args:
        body (IdentityUpdate): Identity fields to change (only `updatable_fields`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IdentityUpdateResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: IdentityUpdate,
) -> Response[Error | IdentityUpdateResponse]:
    """Update fields of the current user's identity.

     Only the fields listed in `permissions.updatable_fields` of `GET /api/me`
    may be sent (400 otherwise); the default identity provider persists the
    change in the login cookie. Since Jupyter Server 2.17 (older 2.x answer 405).

    Args:
        body (IdentityUpdate): Identity fields to change (only `updatable_fields`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | IdentityUpdateResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: IdentityUpdate,
) -> Error | IdentityUpdateResponse | None:
    """Update fields of the current user's identity.

     Only the fields listed in `permissions.updatable_fields` of `GET /api/me`
    may be sent (400 otherwise); the default identity provider persists the
    change in the login cookie. Since Jupyter Server 2.17 (older 2.x answer 405).

    Args:
        body (IdentityUpdate): Identity fields to change (only `updatable_fields`).

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | IdentityUpdateResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
