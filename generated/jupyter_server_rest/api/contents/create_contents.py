from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contents import Contents
from ...models.contents_create import ContentsCreate
from ...models.error import Error
from ...types import UNSET, Response, Unset


def _get_kwargs(
    path: str,
    *,
    body: ContentsCreate | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/contents/{path}".format(
            path=quote(str(path), safe=""),
        ),
    }

    if not isinstance(body, Unset):
        _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Contents | Error | None:
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
    body: ContentsCreate | Unset = UNSET,
) -> Response[Contents | Error]:
    """Create a new untitled file, directory or notebook, or a copy, in a directory.

     `path` is the directory to create in (pass "" for the root, URL
    `/api/contents/`); the server picks the name. With `copy_from`, copies that
    file into the directory (as `name-Copy1.ext`, ...). Without a body, creates
    an untitled empty file. POSTing to an existing *file* answers 400.

    Args:
        path (str):
        body (ContentsCreate | Unset):

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
    body: ContentsCreate | Unset = UNSET,
) -> Contents | Error | None:
    """Create a new untitled file, directory or notebook, or a copy, in a directory.

     `path` is the directory to create in (pass "" for the root, URL
    `/api/contents/`); the server picks the name. With `copy_from`, copies that
    file into the directory (as `name-Copy1.ext`, ...). Without a body, creates
    an untitled empty file. POSTing to an existing *file* answers 400.

    Args:
        path (str):
        body (ContentsCreate | Unset):

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
    body: ContentsCreate | Unset = UNSET,
) -> Response[Contents | Error]:
    """Create a new untitled file, directory or notebook, or a copy, in a directory.

     `path` is the directory to create in (pass "" for the root, URL
    `/api/contents/`); the server picks the name. With `copy_from`, copies that
    file into the directory (as `name-Copy1.ext`, ...). Without a body, creates
    an untitled empty file. POSTing to an existing *file* answers 400.

    Args:
        path (str):
        body (ContentsCreate | Unset):

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
    body: ContentsCreate | Unset = UNSET,
) -> Contents | Error | None:
    """Create a new untitled file, directory or notebook, or a copy, in a directory.

     `path` is the directory to create in (pass "" for the root, URL
    `/api/contents/`); the server picks the name. With `copy_from`, copies that
    file into the directory (as `name-Copy1.ext`, ...). Without a body, creates
    an untitled empty file. POSTing to an existing *file* answers 400.

    Args:
        path (str):
        body (ContentsCreate | Unset):

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
