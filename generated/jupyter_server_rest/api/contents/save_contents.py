from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contents import Contents
from ...models.contents_save import ContentsSave
from ...models.error import Error
from ...types import Response


def _get_kwargs(
    path: str,
    *,
    body: ContentsSave,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/api/contents/{path}".format(
            path=quote(str(path), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Contents | Error | None:
    if response.status_code == 200:
        response_200 = Contents.from_dict(response.json())

        return response_200

    if response.status_code == 201:
        response_201 = Contents.from_dict(response.json())

        return response_201

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Error.from_dict(response.json())

        return response_404

    if response.status_code == 500:
        response_500 = Error.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Contents | Error]:
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
    body: ContentsSave,
) -> Response[Contents | Error]:
    """Save or upload a file, notebook or directory at a path.

     Creates (201) or overwrites (200) the model at `path`. Large files can be
    uploaded in chunks (`chunk` 1, 2, ..., and -1 for the last), type `file`
    only. (Without a body the server creates an untitled file in `path`; this
    spec requires a body.)

    Args:
        path (str):
        body (ContentsSave):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Contents | Error]
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
    body: ContentsSave,
) -> Contents | Error | None:
    """Save or upload a file, notebook or directory at a path.

     Creates (201) or overwrites (200) the model at `path`. Large files can be
    uploaded in chunks (`chunk` 1, 2, ..., and -1 for the last), type `file`
    only. (Without a body the server creates an untitled file in `path`; this
    spec requires a body.)

    Args:
        path (str):
        body (ContentsSave):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Contents | Error
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
    body: ContentsSave,
) -> Response[Contents | Error]:
    """Save or upload a file, notebook or directory at a path.

     Creates (201) or overwrites (200) the model at `path`. Large files can be
    uploaded in chunks (`chunk` 1, 2, ..., and -1 for the last), type `file`
    only. (Without a body the server creates an untitled file in `path`; this
    spec requires a body.)

    Args:
        path (str):
        body (ContentsSave):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Contents | Error]
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
    body: ContentsSave,
) -> Contents | Error | None:
    """Save or upload a file, notebook or directory at a path.

     Creates (201) or overwrites (200) the model at `path`. Large files can be
    uploaded in chunks (`chunk` 1, 2, ..., and -1 for the last), type `file`
    only. (Without a body the server creates an untitled file in `path`; this
    spec requires a body.)

    Args:
        path (str):
        body (ContentsSave):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Contents | Error
    """

    return (
        await asyncio_detailed(
            path=path,
            client=client,
            body=body,
        )
    ).parsed
