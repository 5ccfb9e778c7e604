from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    format_: str,
    path: str,
    *,
    download: bool | Unset = UNSET,
    sanitize_html: bool | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["download"] = download

    params["sanitize_html"] = sanitize_html

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/nbconvert/{format_}/{path}".format(
            format_=quote(str(format_), safe=""),
            path=quote(str(path), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> File | str | None:
    if response.status_code == 200:
        response_200 = File(payload=BytesIO(response.content))

        return response_200

    if response.status_code == 403:
        response_403 = response.text
        return response_403

    if response.status_code == 404:
        response_404 = response.text
        return response_404

    if response.status_code == 500:
        response_500 = response.text
        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[File | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    format_: str,
    path: str,
    *,
    client: AuthenticatedClient | Client,
    download: bool | Unset = UNSET,
    sanitize_html: bool | Unset = UNSET,
) -> Response[File | str]:
    """Export a notebook file to a format.

     Answers with the converted document (Content-Type from the exporter), or a
    zip of it and its resources (application/zip). Unauthenticated requests are
    redirected (302) to `/login`. Exporting a path that is not a notebook
    answers 200 with an empty body in 2.21.1 (the intended redirect to `/files`
    is never awaited).

    Args:
        format_ (str):
        path (str):
        download (bool | Unset):
        sanitize_html (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        format_=format_,
        path=path,
        download=download,
        sanitize_html=sanitize_html,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    format_: str,
    path: str,
    *,
    client: AuthenticatedClient | Client,
    download: bool | Unset = UNSET,
    sanitize_html: bool | Unset = UNSET,
) -> File | str | None:
    """Export a notebook file to a format.

     Answers with the converted document (Content-Type from the exporter), or a
    zip of it and its resources (application/zip). Unauthenticated requests are
    redirected (302) to `/login`. Exporting a path that is not a notebook
    answers 200 with an empty body in 2.21.1 (the intended redirect to `/files`
    is never awaited).

    Args:
        format_ (str):
        path (str):
        download (bool | Unset):
        sanitize_html (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return sync_detailed(
        format_=format_,
        path=path,
        client=client,
        download=download,
        sanitize_html=sanitize_html,
    ).parsed


async def asyncio_detailed(
    format_: str,
    path: str,
    *,
    client: AuthenticatedClient | Client,
    download: bool | Unset = UNSET,
    sanitize_html: bool | Unset = UNSET,
) -> Response[File | str]:
    """Export a notebook file to a format.

     Answers with the converted document (Content-Type from the exporter), or a
    zip of it and its resources (application/zip). Unauthenticated requests are
    redirected (302) to `/login`. Exporting a path that is not a notebook
    answers 200 with an empty body in 2.21.1 (the intended redirect to `/files`
    is never awaited).

    Args:
        format_ (str):
        path (str):
        download (bool | Unset):
        sanitize_html (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        format_=format_,
        path=path,
        download=download,
        sanitize_html=sanitize_html,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    format_: str,
    path: str,
    *,
    client: AuthenticatedClient | Client,
    download: bool | Unset = UNSET,
    sanitize_html: bool | Unset = UNSET,
) -> File | str | None:
    """Export a notebook file to a format.

     Answers with the converted document (Content-Type from the exporter), or a
    zip of it and its resources (application/zip). Unauthenticated requests are
    redirected (302) to `/login`. Exporting a path that is not a notebook
    answers 200 with an empty body in 2.21.1 (the intended redirect to `/files`
    is never awaited).

    Args:
        format_ (str):
        path (str):
        download (bool | Unset):
        sanitize_html (bool | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return (
        await asyncio_detailed(
            format_=format_,
            path=path,
            client=client,
            download=download,
            sanitize_html=sanitize_html,
        )
    ).parsed
