from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.download_file_download import (
    DownloadFileDownload,
)
from ...types import UNSET, File, Response, Unset


def _get_kwargs(
    path: str,
    *,
    download: DownloadFileDownload | Unset = UNSET,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    json_download: int | Unset = UNSET
    if not isinstance(download, Unset):
        json_download = download

    params["download"] = json_download

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/files/{path}".format(
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
    path: str,
    *,
    client: AuthenticatedClient | Client,
    download: DownloadFileDownload | Unset = UNSET,
) -> Response[File | str]:
    """Download a file's raw bytes.

     Content-Type is guessed from the name (`application/x-ipynb+json` for
    notebooks). Notebooks are always sent as attachments. Supports `Range`
    (206) and `If-Modified-Since` (304). Unauthenticated requests are
    redirected (302) to `/login`.

    Args:
        path (str):
        download (DownloadFileDownload | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        path=path,
        download=download,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    download: DownloadFileDownload | Unset = UNSET,
) -> File | str | None:
    """Download a file's raw bytes.

     Content-Type is guessed from the name (`application/x-ipynb+json` for
    notebooks). Notebooks are always sent as attachments. Supports `Range`
    (206) and `If-Modified-Since` (304). Unauthenticated requests are
    redirected (302) to `/login`.

    Args:
        path (str):
        download (DownloadFileDownload | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return sync_detailed(
        path=path,
        client=client,
        download=download,
    ).parsed


async def asyncio_detailed(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    download: DownloadFileDownload | Unset = UNSET,
) -> Response[File | str]:
    """Download a file's raw bytes.

     Content-Type is guessed from the name (`application/x-ipynb+json` for
    notebooks). Notebooks are always sent as attachments. Supports `Range`
    (206) and `If-Modified-Since` (304). Unauthenticated requests are
    redirected (302) to `/login`.

    Args:
        path (str):
        download (DownloadFileDownload | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        path=path,
        download=download,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    path: str,
    *,
    client: AuthenticatedClient | Client,
    download: DownloadFileDownload | Unset = UNSET,
) -> File | str | None:
    """Download a file's raw bytes.

     Content-Type is guessed from the name (`application/x-ipynb+json` for
    notebooks). Notebooks are always sent as attachments. Supports `Range`
    (206) and `If-Modified-Since` (304). Unauthenticated requests are
    redirected (302) to `/login`.

    Args:
        path (str):
        download (DownloadFileDownload | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return (
        await asyncio_detailed(
            path=path,
            client=client,
            download=download,
        )
    ).parsed
