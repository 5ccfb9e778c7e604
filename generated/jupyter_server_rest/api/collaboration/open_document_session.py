from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.document_session import DocumentSession
from ...models.document_session_request import DocumentSessionRequest
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    path: str,
    *,
    body: DocumentSessionRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/collaboration/session/{path}".format(
            path=quote(str(path), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> DocumentSession | Error | None:
    if response.status_code == 200:
        response_200 = DocumentSession.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = DocumentSession.from_dict(response.json())

        return response_201

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
) -> Response[DocumentSession | Error]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    body: DocumentSessionRequest,
) -> Response[DocumentSession | Error]:
    """Index a document and get the ids of its shared room (jupyter-server-ydoc).

     Answers 201 the first time a path is indexed, 200 after. `sessionId` is one UUID
    per server process: a new one means the server restarted. A path that does not
    exist still gets a `fileId`; its room then closes with code 4404. A body without
    `type` is a 500.

    Args:
        path (str):
        body (DocumentSessionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentSession | Error]
    """

    kwargs = _get_kwargs(
        path=path,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    body: DocumentSessionRequest,
) -> DocumentSession | Error | None:
    """Index a document and get the ids of its shared room (jupyter-server-ydoc).

     Answers 201 the first time a path is indexed, 200 after. `sessionId` is one UUID
    per server process: a new one means the server restarted. A path that does not
    exist still gets a `fileId`; its room then closes with code 4404. A body without
    `type` is a 500.

    Args:
        path (str):
        body (DocumentSessionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentSession | Error
    """

    return sync_detailed(
        path=path,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    body: DocumentSessionRequest,
) -> Response[DocumentSession | Error]:
    """Index a document and get the ids of its shared room (jupyter-server-ydoc).

     Answers 201 the first time a path is indexed, 200 after. `sessionId` is one UUID
    per server process: a new one means the server restarted. A path that does not
    exist still gets a `fileId`; its room then closes with code 4404. A body without
    `type` is a 500.

    Args:
        path (str):
        body (DocumentSessionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[DocumentSession | Error]
    """

    kwargs = _get_kwargs(
        path=path,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    body: DocumentSessionRequest,
) -> DocumentSession | Error | None:
    """Index a document and get the ids of its shared room (jupyter-server-ydoc).

     Answers 201 the first time a path is indexed, 200 after. `sessionId` is one UUID
    per server process: a new one means the server restarted. A path that does not
    exist still gets a `fileId`; its room then closes with code 4404. A body without
    `type` is a 500.

    Args:
        path (str):
        body (DocumentSessionRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        DocumentSession | Error
    """

    return (
        await asyncio_detailed(
            path=path,
            client=client,
            body=body,
        )
    ).parsed
