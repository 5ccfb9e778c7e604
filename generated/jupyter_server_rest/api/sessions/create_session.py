from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.legacy_session import LegacySession
from ...models.session import Session
from ...models.session_create import SessionCreate
from ...types import Response


def _get_kwargs(
    *,
    body: SessionCreate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/sessions",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | LegacySession | Session | None:
    if response.status_code == 201:

        def _parse_response_201(data: object) -> LegacySession | Session:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_201_type_0 = Session.from_dict(data)

                return response_201_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_201_type_1 = LegacySession.from_dict(data)

            return response_201_type_1

        response_201 = _parse_response_201(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Error.from_dict(response.json())

        return response_409

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if response.status_code == 501:
        response_501 = Error.from_dict(response.json())

        return response_501

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Error | LegacySession | Session]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SessionCreate,
) -> Response[Error | LegacySession | Session]:
    """Create a session, or return the existing session for the same path.

     With `kernel.id`, binds the session to that running kernel; otherwise
    starts a kernel of `kernel.name` (the default kernelspec when omitted).
    An unknown kernelspec answers 501 with `{message, short_message}`.

    Args:
        body (SessionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LegacySession | Session]
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
    body: SessionCreate,
) -> Error | LegacySession | Session | None:
    """Create a session, or return the existing session for the same path.

     With `kernel.id`, binds the session to that running kernel; otherwise
    starts a kernel of `kernel.name` (the default kernelspec when omitted).
    An unknown kernelspec answers 501 with `{message, short_message}`.

    Args:
        body (SessionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LegacySession | Session
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: SessionCreate,
) -> Response[Error | LegacySession | Session]:
    """Create a session, or return the existing session for the same path.

     With `kernel.id`, binds the session to that running kernel; otherwise
    starts a kernel of `kernel.name` (the default kernelspec when omitted).
    An unknown kernelspec answers 501 with `{message, short_message}`.

    Args:
        body (SessionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LegacySession | Session]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: SessionCreate,
) -> Error | LegacySession | Session | None:
    """Create a session, or return the existing session for the same path.

     With `kernel.id`, binds the session to that running kernel; otherwise
    starts a kernel of `kernel.name` (the default kernelspec when omitted).
    An unknown kernelspec answers 501 with `{message, short_message}`.

    Args:
        body (SessionCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LegacySession | Session
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
