from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.settings_entry import SettingsEntry
from ...types import Response


def _get_kwargs(
    schema_name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/lab/api/settings/{schema_name}".format(
            schema_name=quote(str(schema_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | SettingsEntry | None:
    if response.status_code == 200:
        response_200 = SettingsEntry.from_dict(response.json())

        return response_200

    if response.status_code == 404:
        response_404 = cast(Any, None)
        return response_404

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | SettingsEntry]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    schema_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | SettingsEntry]:
    """One plugin's settings

    Args:
        schema_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | SettingsEntry]
    """

    kwargs = _get_kwargs(
        schema_name=schema_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    schema_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | SettingsEntry | None:
    """One plugin's settings

    Args:
        schema_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | SettingsEntry
    """

    return sync_detailed(
        schema_name=schema_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    schema_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[Any | SettingsEntry]:
    """One plugin's settings

    Args:
        schema_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | SettingsEntry]
    """

    kwargs = _get_kwargs(
        schema_name=schema_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    schema_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Any | SettingsEntry | None:
    """One plugin's settings

    Args:
        schema_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | SettingsEntry
    """

    return (
        await asyncio_detailed(
            schema_name=schema_name,
            client=client,
        )
    ).parsed
