from http import HTTPStatus
from io import BytesIO
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.nbconvert_request import NbconvertRequest
from ...types import File, Response


def _get_kwargs(
    format_: str,
    *,
    body: NbconvertRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/nbconvert/{format_}".format(
            format_=quote(str(format_), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
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
    *,
    client: AuthenticatedClient | Client,
    body: NbconvertRequest,
) -> Response[File | str]:
    """Convert a notebook sent in the body.

     Answers with the converted document (Content-Type from the exporter), or a
    zip of it and its resources (application/zip) when the export has extra files.

    Args:
        format_ (str):
        body (NbconvertRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        format_=format_,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    format_: str,
    *,
    client: AuthenticatedClient | Client,
    body: NbconvertRequest,
) -> File | str | None:
    """Convert a notebook sent in the body.

     Answers with the converted document (Content-Type from the exporter), or a
    zip of it and its resources (application/zip) when the export has extra files.

    Args:
        format_ (str):
        body (NbconvertRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return sync_detailed(
        format_=format_,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    format_: str,
    *,
    client: AuthenticatedClient | Client,
    body: NbconvertRequest,
) -> Response[File | str]:
    """Convert a notebook sent in the body.

     Answers with the converted document (Content-Type from the exporter), or a
    zip of it and its resources (application/zip) when the export has extra files.

    Args:
        format_ (str):
        body (NbconvertRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[File | str]
    """

    kwargs = _get_kwargs(
        format_=format_,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    format_: str,
    *,
    client: AuthenticatedClient | Client,
    body: NbconvertRequest,
) -> File | str | None:
    """Convert a notebook sent in the body.

     Answers with the converted document (Content-Type from the exporter), or a
    zip of it and its resources (application/zip) when the export has extra files.

    Args:
        format_ (str):
        body (NbconvertRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        File | str
    """

    return (
        await asyncio_detailed(
            format_=format_,
            client=client,
            body=body,
        )
    ).parsed
