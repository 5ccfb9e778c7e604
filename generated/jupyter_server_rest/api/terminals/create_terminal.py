from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.terminal import Terminal
from ...models.terminal_create import TerminalCreate
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: TerminalCreate | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/terminals",
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | Terminal | None:
    if response.status_code == 200:
        response_200 = Terminal.from_dict(response.json())

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
) -> Response[Error | Terminal]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TerminalCreate | Unset = UNSET,
) -> Response[Error | Terminal]:
    """Create a terminal.

     Answers 200 (not 201). A relative `cwd` is taken relative to the server
    root; a `cwd` that does not exist is ignored.

    Args:
        body (TerminalCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Terminal]
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
    body: TerminalCreate | Unset = UNSET,
) -> Error | Terminal | None:
    """Create a terminal.

     Answers 200 (not 201). A relative `cwd` is taken relative to the server
    root; a `cwd` that does not exist is ignored.

    Args:
        body (TerminalCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Terminal
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: TerminalCreate | Unset = UNSET,
) -> Response[Error | Terminal]:
    """Create a terminal.

     Answers 200 (not 201). A relative `cwd` is taken relative to the server
    root; a `cwd` that does not exist is ignored.

    Args:
        body (TerminalCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | Terminal]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: TerminalCreate | Unset = UNSET,
) -> Error | Terminal | None:
    """Create a terminal.

     Answers 200 (not 201). A relative `cwd` is taken relative to the server
    root; a `cwd` that does not exist is ignored.

    Args:
        body (TerminalCreate | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | Terminal
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
