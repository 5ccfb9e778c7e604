from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.config_section import ConfigSection
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    section_name: str,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/config/{section_name}".format(
            section_name=quote(str(section_name), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConfigSection | Error | None:
    if response.status_code == 200:
        response_200 = ConfigSection.from_dict(response.json())

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
) -> Response[ConfigSection | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    section_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ConfigSection | Error]:
    """Get a config section ({} when it does not exist).

    Args:
        section_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConfigSection | Error]
    """

    kwargs = _get_kwargs(
        section_name=section_name,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    section_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> ConfigSection | Error | None:
    """Get a config section ({} when it does not exist).

    Args:
        section_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConfigSection | Error
    """

    return sync_detailed(
        section_name=section_name,
        client=client,
    ).parsed


async def asyncio_detailed(
    section_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> Response[ConfigSection | Error]:
    """Get a config section ({} when it does not exist).

    Args:
        section_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConfigSection | Error]
    """

    kwargs = _get_kwargs(
        section_name=section_name,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    section_name: str,
    *,
    client: AuthenticatedClient | Client,
) -> ConfigSection | Error | None:
    """Get a config section ({} when it does not exist).

    Args:
        section_name (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConfigSection | Error
    """

    return (
        await asyncio_detailed(
            section_name=section_name,
            client=client,
        )
    ).parsed
