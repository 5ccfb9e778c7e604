from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.contents import Contents
from ...models.contents_type import ContentsType
from ...models.error import Error
from ...models.get_contents_content import (
    GetContentsContent,
)
from ...models.get_contents_format import GetContentsFormat
from ...models.get_contents_hash import GetContentsHash
from ...types import UNSET, Response, Unset


def _get_kwargs(
    path: str,
    *,
    type_: ContentsType | Unset = UNSET,
    format_: GetContentsFormat | Unset = UNSET,
    content: GetContentsContent | Unset = UNSET,
    hash_: GetContentsHash | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_type_: str | Unset = UNSET
    if not isinstance(type_, Unset):
        json_type_ = type_

    params["type"] = json_type_

    json_format_: str | Unset = UNSET
    if not isinstance(format_, Unset):
        json_format_ = format_

    params["format"] = json_format_

    json_content: int | Unset = UNSET
    if not isinstance(content, Unset):
        json_content = content

    params["content"] = json_content

    json_hash_: int | Unset = UNSET
    if not isinstance(hash_, Unset):
        json_hash_ = hash_

    params["hash"] = json_hash_

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/contents/{path}".format(
            path=quote(str(path), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Contents | Error | str | None:
    if response.status_code == 200:
        response_200 = Contents.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = Error.from_dict(response.json())

        return response_400

    if response.status_code == 403:
        response_403 = Error.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = response.text
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
) -> Response[Contents | Error | str]:
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
    type_: ContentsType | Unset = UNSET,
    format_: GetContentsFormat | Unset = UNSET,
    content: GetContentsContent | Unset = UNSET,
    hash_: GetContentsHash | Unset = UNSET,
) -> Response[Contents | Error | str]:
    """Get a file, directory or notebook model.

     A directory model's `content` lists its entries as models without content.
    Pass `path` "" for the root directory (the URL is then `/api/contents/`).
    If the requested `type`/`format` cannot be satisfied the server answers 400
    with `reason` "bad type" or "bad format". A missing (or hidden) path answers
    404 with a *plain-text* body (not an `Error` object).

    Args:
        path (str):
        type_ (ContentsType | Unset):
        format_ (GetContentsFormat | Unset):
        content (GetContentsContent | Unset):
        hash_ (GetContentsHash | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Contents | Error | str]
    """

    kwargs = _get_kwargs(
        path=path,
        type_=type_,
        format_=format_,
        content=content,
        hash_=hash_,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    type_: ContentsType | Unset = UNSET,
    format_: GetContentsFormat | Unset = UNSET,
    content: GetContentsContent | Unset = UNSET,
    hash_: GetContentsHash | Unset = UNSET,
) -> Contents | Error | str | None:
    """Get a file, directory or notebook model.

     A directory model's `content` lists its entries as models without content.
    Pass `path` "" for the root directory (the URL is then `/api/contents/`).
    If the requested `type`/`format` cannot be satisfied the server answers 400
    with `reason` "bad type" or "bad format". A missing (or hidden) path answers
    404 with a *plain-text* body (not an `Error` object).

    Args:
        path (str):
        type_ (ContentsType | Unset):
        format_ (GetContentsFormat | Unset):
        content (GetContentsContent | Unset):
        hash_ (GetContentsHash | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Contents | Error | str
    """

    return sync_detailed(
        path=path,
        client=client,
        type_=type_,
        format_=format_,
        content=content,
        hash_=hash_,
    ).parsed


async def asyncio_detailed(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    type_: ContentsType | Unset = UNSET,
    format_: GetContentsFormat | Unset = UNSET,
    content: GetContentsContent | Unset = UNSET,
    hash_: GetContentsHash | Unset = UNSET,
) -> Response[Contents | Error | str]:
    """Get a file, directory or notebook model.

     A directory model's `content` lists its entries as models without content.
    Pass `path` "" for the root directory (the URL is then `/api/contents/`).
    If the requested `type`/`format` cannot be satisfied the server answers 400
    with `reason` "bad type" or "bad format". A missing (or hidden) path answers
    404 with a *plain-text* body (not an `Error` object).

    Args:
        path (str):
        type_ (ContentsType | Unset):
        format_ (GetContentsFormat | Unset):
        content (GetContentsContent | Unset):
        hash_ (GetContentsHash | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Contents | Error | str]
    """

    kwargs = _get_kwargs(
        path=path,
        type_=type_,
        format_=format_,
        content=content,
        hash_=hash_,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    type_: ContentsType | Unset = UNSET,
    format_: GetContentsFormat | Unset = UNSET,
    content: GetContentsContent | Unset = UNSET,
    hash_: GetContentsHash | Unset = UNSET,
) -> Contents | Error | str | None:
    """Get a file, directory or notebook model.

     A directory model's `content` lists its entries as models without content.
    Pass `path` "" for the root directory (the URL is then `/api/contents/`).
    If the requested `type`/`format` cannot be satisfied the server answers 400
    with `reason` "bad type" or "bad format". A missing (or hidden) path answers
    404 with a *plain-text* body (not an `Error` object).

    Args:
        path (str):
        type_ (ContentsType | Unset):
        format_ (GetContentsFormat | Unset):
        content (GetContentsContent | Unset):
        hash_ (GetContentsHash | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Contents | Error | str
    """

    return (
        await asyncio_detailed(
            path=path,
            client=client,
            type_=type_,
            format_=format_,
            content=content,
            hash_=hash_,
        )
    ).parsed
