"""Every error jupyter_sdk raises, in one tree.

::

    JupyterError
    ├── ResponseError (status, server message, traceback)
    │   ├── BadRequestError 400
    │   ├── AuthenticationError 401/403: credentials refused or missing (never quotes them)
    │   │   └── ForbiddenError 403
    │   ├── NotFoundError 404
    │   ├── ConflictError 409
    │   └── ServerError 5xx
    │       └── ServerNotRunningError 424/503 from a hub (carries the hub's restart hint)
    ├── UnsupportedError: the backend lacks this service (e.g. contents on a kernel gateway)
    ├── NetworkError: connection refused/reset, DNS
    │   ├── RequestTimeoutError (also a TimeoutError)
    │   └── TLSError
    ├── DocumentError: a shared document's room failed (close code, reason)
    │   ├── DocumentGoneError: the document was deleted or moved away (close 4404)
    │   ├── DocumentSessionError: the server refused the room's session (close 1003)
    │   ├── CellNotFoundError (also a KeyError): no such cell (deleted by a peer?)
    │   └── DocumentClosedError: closed by us, or given up after the reconnect limit
    ├── InvalidPathError (also a ValueError)
    ├── UnsupportedLanguageError (also a ValueError): no parameter translator for a kernel
    ├── ProtocolError: a malformed kernel or terminal frame
    │   └── MessageTooLargeError
    └── KernelError
        ├── KernelDeadError
        ├── KernelRestartedError
        ├── ConnectionClosedError: closed by us, or given up after the reconnect limit
        │   └── ConnectionReplacedError: another client took this session_id (close code 1005)
        ├── ExecutionError (ename, evalue, traceback)
        └── ExecutionTimeoutError (also a TimeoutError)

Warnings: :class:`JupyterWarning` and its children (for example
:class:`IOPubRateLimitWarning` when the server drops output over its rate limit).

Texts never contain credentials: the REST boundary (``jupyter_sdk._rest``) builds them
from the method, a token-free URL and the server's own message.
"""

from __future__ import annotations

__all__ = [
    "AuthenticationError",
    "BadRequestError",
    "CellNotFoundError",
    "ConflictError",
    "ConnectionClosedError",
    "ConnectionReplacedError",
    "DocumentClosedError",
    "DocumentError",
    "DocumentGoneError",
    "DocumentSessionError",
    "ExecutionError",
    "ExecutionTimeoutError",
    "ForbiddenError",
    "IOPubRateLimitWarning",
    "InsecureConnectionWarning",
    "InvalidPathError",
    "JupyterError",
    "JupyterWarning",
    "KernelDeadError",
    "KernelError",
    "KernelRestartedError",
    "MessageTooLargeError",
    "NetworkError",
    "NotFoundError",
    "ProtocolError",
    "RequestTimeoutError",
    "ResponseError",
    "ServerError",
    "ServerNotRunningError",
    "TLSError",
    "UnsupportedError",
    "UnsupportedLanguageError",
]


class JupyterError(Exception):
    """Root of every error raised by jupyter_sdk."""


class ResponseError(JupyterError):
    """The server answered with an error status.

    Attributes:
        status: The HTTP status code.
        message: The server's own message (its ``message`` field, or the body text).
        reason: The server's ``reason`` field, if any.
        traceback: The server-side traceback, if the server sent one.
        method: The HTTP method of the request.
        url: The request URL, without credentials.
    """

    status: int
    message: str
    reason: str | None
    traceback: str | None
    method: str
    url: str

    def __init__(
        self,
        status: int,
        message: str,
        *,
        reason: str | None = None,
        traceback: str | None = None,
        method: str = "",
        url: str = "",
    ) -> None:
        self.status = status
        self.message = message
        self.reason = reason
        self.traceback = traceback
        self.method = method
        self.url = url
        where = f" ({method} {url})" if method else ""
        super().__init__(f"{status}: {message}{where}" if message else f"{status}{where}")


class BadRequestError(ResponseError):
    """400: the server refused the request as malformed."""


class AuthenticationError(ResponseError):
    """401/403: the credentials were refused or missing. The text never quotes them."""


class ForbiddenError(AuthenticationError):
    """403: the server refused access (Jupyter Server's answer to a wrong or missing token)."""


class NotFoundError(ResponseError):
    """404: no such kernel, session, file or route."""


class ConflictError(ResponseError):
    """409: the resource already exists or is in a conflicting state."""


class ServerError(ResponseError):
    """5xx: the server failed."""


class ServerNotRunningError(ServerError):
    """424/503 from JupyterHub: the user's server is not running.

    Attributes:
        hint: The hub's hint on how to (re)start the server, if it gave one.
    """

    hint: str | None

    def __init__(
        self,
        status: int,
        message: str,
        *,
        hint: str | None = None,
        reason: str | None = None,
        traceback: str | None = None,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(
            status, message, reason=reason, traceback=traceback, method=method, url=url
        )
        self.hint = hint


class UnsupportedError(JupyterError):
    """The backend does not offer this service (for example contents on a kernel gateway)."""


class UnsupportedLanguageError(JupyterError, ValueError):
    """Notebook parameters cannot be written in the kernel's language (no translator).

    Attributes:
        language: The kernel's language (``None`` when the kernel names none).
        kernel_name: The kernelspec, when known.
    """

    def __init__(self, language: str | None, kernel_name: str | None = None) -> None:
        self.language = language
        self.kernel_name = kernel_name
        kernel = f" (kernel {kernel_name!r})" if kernel_name else ""
        what = f"language {language!r}" if language else "an unknown language"
        super().__init__(
            f"cannot inject parameters into a notebook in {what}{kernel}: there is no "
            "parameter translator for it"
        )


class NetworkError(JupyterError):
    """The server could not be reached: connection refused or reset, DNS failure."""


class RequestTimeoutError(NetworkError, TimeoutError):
    """A request or connection attempt timed out."""


class TLSError(NetworkError):
    """The TLS handshake failed (for example an untrusted certificate)."""


class InvalidPathError(JupyterError, ValueError):
    """A contents path was refused before any request was sent."""


class ProtocolError(JupyterError):
    """A malformed kernel or terminal frame."""


class MessageTooLargeError(ProtocolError):
    """An outbound message exceeds the server's websocket message limit."""


class KernelError(JupyterError):
    """A kernel or its connection failed."""


class KernelDeadError(KernelError):
    """The kernel is dead or gone from the server."""


class KernelRestartedError(KernelError):
    """The kernel restarted while the request was pending: its reply will never come."""


class ConnectionClosedError(KernelError):
    """The connection was closed by us, or given up after the reconnect limit."""


class ConnectionReplacedError(ConnectionClosedError):
    """Another client connected with this connection's session id (close code 1005)."""


class ExecutionError(KernelError):
    """Executed code raised an error in the kernel.

    Attributes:
        ename: The exception's class name.
        evalue: The exception's value.
        traceback: The traceback lines (with ANSI colours, as the kernel sent them).
    """

    ename: str
    evalue: str
    traceback: list[str]

    def __init__(self, ename: str, evalue: str, traceback: list[str]) -> None:
        self.ename = ename
        self.evalue = evalue
        self.traceback = traceback
        super().__init__(f"{ename}: {evalue}")


class ExecutionTimeoutError(KernelError, TimeoutError):
    """An execution did not finish within its timeout."""


class JupyterWarning(UserWarning):
    """Root of the warnings jupyter_sdk issues."""


class IOPubRateLimitWarning(JupyterWarning):
    """The server dropped kernel output over its IOPub rate limit."""


class InsecureConnectionWarning(JupyterWarning):
    """TLS certificate verification is turned off."""


class DocumentError(JupyterError):
    """A shared document's room failed.

    Attributes:
        code: The websocket close code, if the server closed the room.
        reason: The server's close reason, if any.
    """

    def __init__(self, message: str, *, code: int | None = None, reason: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.reason = reason


class DocumentGoneError(DocumentError):
    """The document does not exist (any more): the server closed its room with 4404."""


class DocumentSessionError(DocumentError):
    """The server refused the room's session (close 1003, e.g. ``unknown_session`` again
    right after a fresh one, or an ``initialization_error``)."""


class DocumentClosedError(DocumentError):
    """The document was closed, or its room could not be reached again after a drop."""


class CellNotFoundError(DocumentError, KeyError):
    """A live notebook has no cell with that id (a peer may have deleted it)."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
