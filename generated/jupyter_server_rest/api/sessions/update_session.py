from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error import Error
from ...models.legacy_session import LegacySession
from ...models.session import Session
from ...models.session_update import SessionUpdate
from ...types import Response


def _get_kwargs(
    session_id: str,
    *,
    body: SessionUpdate,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/api/sessions/{session_id}".format(
            session_id=quote(str(session_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Error | LegacySession | Session | None:
    if response.status_code == 200:

        def _parse_response_200(data: object) -> LegacySession | Session:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = Session.from_dict(data)

                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = LegacySession.from_dict(data)

            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

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
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SessionUpdate,
) -> Response[Error | LegacySession | Session]:
    """Rename, retype or re-path a session, or change its kernel.

     `kernel.id` binds the session to another running kernel (400 when unknown);
    `kernel.name` starts a new kernel of that kernelspec (501 on failure). The
    previous kernel is shut down.

    Args:
        session_id (str):
        body (SessionUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LegacySession | Session]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SessionUpdate,
) -> Error | LegacySession | Session | None:
    """Rename, retype or re-path a session, or change its kernel.

     `kernel.id` binds the session to another running kernel (400 when unknown);
    `kernel.name` starts a new kernel of that kernelspec (501 on failure). The
    previous kernel is shut down.

    Args:
        session_id (str):
        body (SessionUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LegacySession | Session
    """

    return sync_detailed(
        session_id=session_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SessionUpdate,
) -> Response[Error | LegacySession | Session]:
    """Rename, retype or re-path a session, or change its kernel.

     `kernel.id` binds the session to another running kernel (400 when unknown);
    `kernel.name` starts a new kernel of that kernelspec (501 on failure). The
    previous kernel is shut down.

    Args:
        session_id (str):
        body (SessionUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Error | LegacySession | Session]
    """

    kwargs = _get_kwargs(
        session_id=session_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    session_id: str,
    *,
    client: AuthenticatedClient | Client,
    body: SessionUpdate,
) -> Error | LegacySession | Session | None:
    """Rename, retype or re-path a session, or change its kernel.

     `kernel.id` binds the session to another running kernel (400 when unknown);
    `kernel.name` starts a new kernel of that kernelspec (501 on failure). The
    previous kernel is shut down.

    Args:
        session_id (str):
        body (SessionUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Error | LegacySession | Session
    """

    return (
        await asyncio_detailed(
            session_id=session_id,
            client=client,
            body=body,
        )
    ).parsed
