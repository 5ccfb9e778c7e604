"""Conformance of the corrected OpenAPI spec with a real Jupyter Server.

Every operation of ``openapi/jupyter-server.yaml`` is called through the generated
client (``jupyter_server_rest``) against the session's real server, and every parsed
result is checked deeply, with one generic checker, against the generated models:
each documented field is set (unless the call says the server may omit it) with a
value of its declared type, and nothing the server sent is left undocumented in
``additional_properties`` (unless the schema allows extra properties).
"""

from __future__ import annotations

import asyncio
import base64
import datetime
import json
import sys
import time
import types
import typing
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import attrs
import httpx
import jupyter_server
import pytest
import yaml
from jupyter_server_rest import Client, models
from jupyter_server_rest.api.api import get_api_spec, get_api_version, get_status
from jupyter_server_rest.api.collaboration import open_document_session
from jupyter_server_rest.api.config import get_config, set_config, update_config
from jupyter_server_rest.api.contents import (
    create_checkpoint,
    create_contents,
    delete_checkpoint,
    delete_contents,
    download_file,
    get_contents,
    list_checkpoints,
    rename_contents,
    resolve_path,
    restore_checkpoint,
    save_contents,
    trust_notebook,
)
from jupyter_server_rest.api.events import emit_event
from jupyter_server_rest.api.execution import (
    cancel_execution_request,
    execute_on_server,
    get_execution_request,
    list_execution_requests,
    send_execution_input,
)
from jupyter_server_rest.api.identity import get_identity, update_identity
from jupyter_server_rest.api.kernels import (
    get_kernel,
    interrupt_kernel,
    list_kernels,
    restart_kernel,
    shutdown_kernel,
    start_kernel,
)
from jupyter_server_rest.api.kernelspecs import (
    get_kernelspec,
    get_kernelspec_resource,
    list_kernelspecs,
)
from jupyter_server_rest.api.legacy import (
    legacy_notebooks_delete,
    legacy_notebooks_get,
    legacy_notebooks_patch,
    legacy_notebooks_post,
    legacy_notebooks_put,
)
from jupyter_server_rest.api.nbconvert import (
    convert_notebook,
    export_notebook,
    list_nbconvert_formats,
)
from jupyter_server_rest.api.security import report_csp_violation
from jupyter_server_rest.api.server import shutdown_server
from jupyter_server_rest.api.sessions import (
    create_session,
    delete_session,
    get_session,
    list_sessions,
    update_session,
)
from jupyter_server_rest.api.terminals import (
    create_terminal,
    delete_terminal,
    get_terminal,
    list_terminals,
)
from jupyter_server_rest.models import (
    APIStatus,
    APIVersion,
    Checkpoint,
    ConfigSection,
    Contents,
    ContentsCreate,
    ContentsRename,
    ContentsSave,
    CSPViolationReport,
    Error,
    EventEmit,
    IdentityResponse,
    IdentityUpdate,
    IdentityUpdateResponse,
    JSONObject,
    Kernel,
    KernelSpec,
    KernelSpecs,
    KernelStart,
    NbconvertFormats,
    NbconvertRequest,
    Notebook,
    NotebookCell,
    NotebookOutput,
    ResolvedPath,
    Session,
    SessionCreate,
    SessionKernel,
    SessionUpdate,
    Terminal,
    TerminalCreate,
)
from jupyter_server_rest.types import UNSET, File, Response, Unset

from jupyter_sdk.local import WITHOUT_JUPYTERLAB, LocalServer, alive

REPO = Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((REPO / "openapi" / "jupyter-server.yaml").read_text())
SCHEMAS: dict[str, Any] = SPEC["components"]["schemas"]
OPERATION_IDS = {
    operation["operationId"]
    for item in SPEC["paths"].values()
    for method, operation in item.items()
    if method in ("get", "put", "post", "delete", "options", "head", "patch", "trace")
}
# Operations exercised by a test of their own, not by test_every_operation.
OWN_TEST = {"shutdown_server"}
# Operations of server extensions (jupyter-collaboration, jupyter-server-nbmodel),
# exercised against a server that loads them (test_collaboration_operations).
EXTENSION_OPS = {
    "open_document_session",
    "list_execution_requests",
    "execute_on_server",
    "get_execution_request",
    "cancel_execution_request",
    "send_execution_input",
}

NOTEBOOK_CELL_UNSET = {"NotebookCell.attachments"}  # code cells have no attachments
CONTENTS_UNSET = {"Contents.message"}  # only invalid notebooks have a message
KERNEL_UNSET = {"Kernel.reason"}  # only failed pending kernels have a reason


# --------------------------------------------------------------------------------------
# The generic checker
# --------------------------------------------------------------------------------------


def _hints(cls: type[Any]) -> dict[str, Any]:
    module = sys.modules[cls.__module__]
    return typing.get_type_hints(cls, globalns=vars(module), localns=vars(models))


def _fail(where: str, message: str) -> typing.NoReturn:
    raise AssertionError(f"{where}: {message}")


def check_value(value: Any, hint: Any, where: str, unset: frozenset[str]) -> None:
    """Assert that ``value`` is of the (resolved) annotation ``hint``, deeply."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if hint is Any:
        return
    if origin in (typing.Union, types.UnionType):
        errors = []
        for arg in args:
            try:
                check_value(value, arg, where, unset)
            except AssertionError as exc:
                errors.append(str(exc))
            else:
                return
        _fail(where, f"{value!r:.200} is none of {hint}: {errors}")
    if hint is type(None):
        if value is not None:
            _fail(where, f"{value!r:.200} is not None")
        return
    if hint is Unset:
        if not isinstance(value, Unset):
            _fail(where, f"{value!r:.200} is not UNSET")
        return
    if origin is Literal:
        if not any(value == arg and type(value) is type(arg) for arg in args):
            _fail(where, f"{value!r} is not one of {args}")
        return
    if origin is list:
        if type(value) is not list:
            _fail(where, f"{type(value).__name__} {value!r:.200} is not a list")
        for i, item in enumerate(value):
            check_value(item, args[0], f"{where}[{i}]", unset)
        return
    if origin is dict:
        if type(value) is not dict:
            _fail(where, f"{type(value).__name__} {value!r:.200} is not a dict")
        for key, item in value.items():
            check_value(key, args[0], f"{where} key {key!r}", unset)
            check_value(item, args[1], f"{where}[{key!r}]", unset)
        return
    if hint is File:
        if not isinstance(value, File) or not isinstance(value.payload.getvalue(), bytes):
            _fail(where, f"{value!r:.200} is not a File of bytes")
        return
    if isinstance(hint, type) and attrs.has(hint):
        if type(value) is not hint:
            _fail(where, f"{type(value).__name__} {value!r:.200} is not a {hint.__name__}")
        check_model(value, where, unset)
        return
    if hint is datetime.datetime:
        if type(value) is not datetime.datetime or value.tzinfo is None:
            _fail(where, f"{value!r} is not an aware datetime")
        return
    if hint in (str, int, bool, float):
        # Exact types: a str must not hold a list or dict, an int must not be a bool.
        if type(value) is not hint:
            _fail(where, f"{type(value).__name__} {value!r:.200} is not a {hint.__name__}")
        return
    _fail(where, f"the checker does not know the annotation {hint!r}")


def check_model(obj: Any, where: str, unset: frozenset[str]) -> None:
    """Check every documented field of the attrs model ``obj`` (see :func:`check`)."""
    cls = type(obj)
    name = cls.__name__
    schema = SCHEMAS.get(name)
    assert schema is not None, f"{where}: {name} is not a schema of the spec"
    properties = set(schema.get("properties", {}))
    hints = _hints(cls)
    fields = [f for f in attrs.fields(cls) if f.name != "additional_properties"]
    assert len(fields) == len(properties), f"{where}: {name} fields != spec properties"
    for field in fields:
        value = getattr(obj, field.name)
        here = f"{where}.{field.name}"
        if isinstance(value, Unset):
            if f"{name}.{field.name}" not in unset:
                _fail(here, "the server omitted this documented field")
            continue
        hint = hints[field.name]
        if typing.get_origin(hint) in (typing.Union, types.UnionType):
            hint = typing.Union[tuple(a for a in typing.get_args(hint) if a is not Unset)]  # noqa: UP007
        check_value(value, hint, here, unset)
    extra = obj.additional_properties
    documented = properties & set(extra)
    assert not documented, f"{where}: documented fields {documented} in additional_properties"
    allowed = schema.get("additionalProperties", False)
    if allowed is False:
        assert not extra, f"{where}: the server sent fields the spec lacks: {sorted(extra)}"
    else:
        check_value(extra, hints["additional_properties"], f"{where}.<additional>", unset)


def check(value: Any, hint: Any, unset: Iterable[str] = ()) -> Any:
    """Deeply check a parsed result against ``hint`` (a model class, ``list[Model]``...).

    Strict: every documented field must be set, except the ``Class.field`` names listed
    in ``unset`` (fields the server legitimately omits in this call).
    """
    check_value(value, hint, "result", frozenset(unset))
    return value


# --------------------------------------------------------------------------------------
# Calling operations
# --------------------------------------------------------------------------------------


class Caller:
    """Calls operations through one client, recording which were exercised."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self.exercised: set[str] = set()

    async def detailed(
        self, operation: types.ModuleType, status: int, *args: Any, **kwargs: Any
    ) -> Response[Any]:
        """Call ``operation``, assert the status code, return the whole response."""
        self.exercised.add(operation.__name__.rsplit(".", 1)[1])
        response = await operation.asyncio_detailed(*args, client=self.client, **kwargs)
        assert response.status_code == status, (
            f"{operation.__name__}: {response.status_code} {response.content[:500]!r}"
        )
        return response

    async def __call__(
        self, operation: types.ModuleType, status: int, *args: Any, **kwargs: Any
    ) -> Any:
        """Call ``operation``, assert the status code, return the parsed result."""
        return (await self.detailed(operation, status, *args, **kwargs)).parsed


def _client(server: LocalServer, token: str | None = None) -> Client:
    token = server.token if token is None else token
    return Client(
        base_url=server.url,
        headers={"Authorization": f"token {token}"} if token else {},
        raise_on_unexpected_status=True,
        timeout=httpx.Timeout(120.0),
        httpx_args={"trust_env": False},
    )


def _notebook(source: str) -> Notebook:
    output = NotebookOutput(output_type="execute_result")
    output.additional_properties.update(
        {"data": {"text/plain": "2"}, "metadata": {}, "execution_count": 1}
    )
    cell = NotebookCell(
        cell_type="code",
        source=source,
        metadata=JSONObject(),
        execution_count=1,
        outputs=[output],
    )
    return Notebook(cells=[cell], metadata=JSONObject(), nbformat=4, nbformat_minor=5)


# --------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------


async def test_every_operation(server: LocalServer) -> None:
    async with _client(server) as client:
        call = Caller(client)
        base = f"conformance-{uuid.uuid4().hex[:8]}"
        before = await _running(client)
        try:
            await _api_and_identity(call)
            await _contents(call, server, base)
            await _kernels_and_sessions(call, base)
            await _kernelspecs_config_terminals(call, base)
            await _nbconvert_events_security(call, base)
            await _legacy(call, base)
            await _errors(call, server)
        finally:
            await _cleanup(client, before)
        # Last: delete what is left of the test folder.
        assert await call(delete_contents, 204, base) is None
        assert not (server.root_dir / base).exists()

    missing = OPERATION_IDS - OWN_TEST - EXTENSION_OPS - call.exercised
    assert not missing, f"spec operations without a conformance call: {sorted(missing)}"
    assert call.exercised <= OPERATION_IDS


async def _api_and_identity(call: Caller) -> None:
    version = check(await call(get_api_version, 200), APIVersion)
    assert version.version == jupyter_server.__version__

    spec = check(await call(get_api_spec, 200), str)
    assert spec == (REPO / "openapi" / "upstream" / "api.yaml").read_text()

    status = check(await call(get_status, 200), APIStatus)
    assert status.started <= status.last_activity

    me = check(
        await call(get_identity, 200, permissions=json.dumps({"contents": ["read", "write"]})),
        IdentityResponse,
    )
    assert me.permissions.additional_properties == {"contents": ["read", "write"]}
    assert "display_name" in me.permissions.updatable_fields

    original = me.identity.display_name
    updated = check(
        await call(update_identity, 200, body=IdentityUpdate(display_name="Conformance")),
        IdentityUpdateResponse,
    )
    assert updated.status == "success"
    assert updated.identity.display_name == "Conformance"
    await call(update_identity, 200, body=IdentityUpdate(display_name=original))


async def _contents(call: Caller, server: LocalServer, base: str) -> None:
    folder = check(
        await call(save_contents, 201, base, body=ContentsSave(type_="directory")),
        Contents,
        CONTENTS_UNSET,
    )
    assert (folder.type_, folder.path, folder.content, folder.format_) == (
        "directory",
        base,
        None,
        None,
    )

    # The root: path "" is the URL /api/contents/.
    root = check(await call(get_contents, 200, ""), Contents, CONTENTS_UNSET)
    assert root.path == ""
    assert root.type_ == "directory"
    assert isinstance(root.content, list)
    assert base in {entry.name for entry in root.content}
    assert all(entry.content is None for entry in root.content)

    untitled_nb = check(
        await call(create_contents, 201, base, body=ContentsCreate(type_="notebook")),
        Contents,
        CONTENTS_UNSET,
    )
    assert untitled_nb.type_ == "notebook"
    assert untitled_nb.path == f"{base}/Untitled.ipynb"
    untitled_txt = check(
        await call(create_contents, 201, base, body=ContentsCreate(type_="file", ext=".txt")),
        Contents,
        CONTENTS_UNSET,
    )
    assert untitled_txt.path == f"{base}/untitled.txt"
    assert untitled_txt.mimetype == "text/plain"
    untitled_dir = check(
        await call(create_contents, 201, base, body=ContentsCreate(type_="directory")),
        Contents,
        CONTENTS_UNSET,
    )
    assert untitled_dir.type_ == "directory"
    assert untitled_dir.size is None
    copy = check(
        await call(create_contents, 201, base, body=ContentsCreate(copy_from=untitled_nb.path)),
        Contents,
        CONTENTS_UNSET,
    )
    assert copy.path == f"{base}/Untitled-Copy1.ipynb"

    # A notebook, saved then read back (content is a Notebook model).
    nb_path = f"{base}/nb.ipynb"
    saved = check(
        await call(
            save_contents,
            201,
            nb_path,
            body=ContentsSave(type_="notebook", format_="json", content=_notebook("1 + 1")),
        ),
        Contents,
        CONTENTS_UNSET,
    )
    assert saved.content is None
    assert isinstance(saved.size, int)
    nb = check(
        await call(get_contents, 200, nb_path, hash_=1),
        Contents,
        {*NOTEBOOK_CELL_UNSET, *CONTENTS_UNSET},
    )
    assert nb.format_ == "json"
    assert isinstance(nb.content, Notebook)
    assert nb.content.cells[0].source == "1 + 1"
    assert nb.content.cells[0].outputs[0].additional_properties["data"] == {"text/plain": "2"}
    assert nb.hash_algorithm == "sha256"
    assert isinstance(nb.hash_, str)
    as_file = check(
        await call(get_contents, 200, nb_path, type_="file", format_="text"),
        Contents,
        CONTENTS_UNSET,
    )
    assert as_file.type_ == "file"
    assert isinstance(as_file.content, str)
    assert json.loads(as_file.content)["nbformat"] == 4
    bare = check(await call(get_contents, 200, nb_path, content=0), Contents, CONTENTS_UNSET)
    assert bare.content is None
    assert bare.format_ is None
    assert bare.hash_ is None

    # An invalid notebook (a markdown cell with outputs) is saved with a `message`.
    invalid = Notebook(
        cells=[NotebookCell(cell_type="markdown", source="x", metadata=JSONObject(), outputs=[])],
        metadata=JSONObject(),
        nbformat=4,
        nbformat_minor=5,
    )
    body = ContentsSave(type_="notebook", format_="json", content=invalid)
    saved_invalid = check(
        await call(save_contents, 201, f"{base}/invalid.ipynb", body=body), Contents
    )
    assert isinstance(saved_invalid.message, str)
    assert "validation failed" in saved_invalid.message
    bare_cell = {"NotebookCell.attachments", "NotebookCell.execution_count"}
    read_invalid = check(
        await call(get_contents, 200, f"{base}/invalid.ipynb"), Contents, bare_cell
    )
    assert isinstance(read_invalid.message, str)
    assert "validation failed" in read_invalid.message

    # A text file, overwritten (200), and read as text and base64.
    txt = check(
        await call(
            save_contents,
            200,
            untitled_txt.path,
            body=ContentsSave(type_="file", format_="text", content="hello\n"),
        ),
        Contents,
        CONTENTS_UNSET,
    )
    assert txt.size == 6
    text = check(await call(get_contents, 200, txt.path, format_="text"), Contents, CONTENTS_UNSET)
    assert (text.content, text.format_) == ("hello\n", "text")
    b64 = check(
        await call(get_contents, 200, txt.path, format_="base64", hash_=1), Contents, CONTENTS_UNSET
    )
    assert b64.format_ == "base64"
    # base64.encodebytes: MIME line breaks, and a trailing newline.
    assert b64.content == "aGVsbG8K\n"
    assert isinstance(b64.content, str)
    assert base64.b64decode(b64.content) == b"hello\n"
    assert isinstance(b64.hash_, str)

    # A chunked upload.
    chunk1 = ContentsSave(type_="file", format_="base64", content="AAEC", chunk=1)
    chunk2 = ContentsSave(type_="file", format_="base64", content="AwQF", chunk=-1)
    check(await call(save_contents, 201, f"{base}/big.bin", body=chunk1), Contents, CONTENTS_UNSET)
    big = check(
        await call(save_contents, 200, f"{base}/big.bin", body=chunk2), Contents, CONTENTS_UNSET
    )
    assert big.size == 6
    assert (server.root_dir / base / "big.bin").read_bytes() == bytes(range(6))

    # Odd characters survive the client's percent-encoding of the path.
    odd = f"{base}/a#b?c%d e+ü.txt"
    check(
        await call(
            save_contents, 201, odd, body=ContentsSave(type_="file", format_="text", content="odd")
        ),
        Contents,
        CONTENTS_UNSET,
    )
    assert (server.root_dir / base / "a#b?c%d e+ü.txt").read_text() == "odd"
    odd_model = check(await call(get_contents, 200, odd), Contents, CONTENTS_UNSET)
    assert (odd_model.path, odd_model.content) == (odd, "odd")
    odd_file = check(await call(download_file, 200, odd), File)
    assert odd_file.payload.read() == b"odd"

    # Rename.
    renamed = check(
        await call(rename_contents, 200, txt.path, body=ContentsRename(path=f"{base}/renamed.txt")),
        Contents,
        CONTENTS_UNSET,
    )
    assert renamed.path == f"{base}/renamed.txt"

    # Checkpoints.
    checkpoint = check(await call(create_checkpoint, 201, renamed.path), Checkpoint)
    listed = check(await call(list_checkpoints, 200, renamed.path), list[Checkpoint])
    assert [c.id for c in listed] == [checkpoint.id]
    await call(
        save_contents,
        200,
        renamed.path,
        body=ContentsSave(type_="file", format_="text", content="changed"),
    )
    assert await call(restore_checkpoint, 204, renamed.path, checkpoint.id) is None
    assert (server.root_dir / base / "renamed.txt").read_text() == "hello\n"
    assert await call(delete_checkpoint, 204, renamed.path, checkpoint.id) is None
    assert check(await call(list_checkpoints, 200, renamed.path), list[Checkpoint]) == []

    assert await call(trust_notebook, 201, nb_path) is None

    resolved = check(
        await call(resolve_path, 200, path=nb_path), ResolvedPath, {"ResolvedPath.unresolved"}
    )
    assert [(r.scope, r.path) for r in resolved.resolved] == [("server", nb_path)]

    downloaded = await call.detailed(download_file, 200, renamed.path)
    assert check(downloaded.parsed, File).payload.read() == b"hello\n"
    assert "content-disposition" not in downloaded.headers
    attachment = await call.detailed(download_file, 200, renamed.path, download=1)
    check(attachment.parsed, File)
    assert "attachment" in attachment.headers["content-disposition"]

    assert await call(delete_contents, 204, copy.path) is None
    assert not (server.root_dir / copy.path).exists()


async def _kernels_and_sessions(call: Caller, base: str) -> None:
    nb_path = f"{base}/nb.ipynb"
    kernel = check(
        await call(start_kernel, 201, body=KernelStart(name="python3", path=base)),
        Kernel,
        KERNEL_UNSET,
    )
    assert kernel.name == "python3"
    assert kernel.connections == 0
    default = check(await call(start_kernel, 201), Kernel, KERNEL_UNSET)
    listed = check(await call(list_kernels, 200), list[Kernel], KERNEL_UNSET)
    assert {kernel.id, default.id} <= {k.id for k in listed}
    got = check(await call(get_kernel, 200, kernel.id), Kernel, KERNEL_UNSET)
    assert got.id == kernel.id
    assert await call(interrupt_kernel, 204, kernel.id) is None
    restarted = check(await call(restart_kernel, 200, kernel.id), Kernel, KERNEL_UNSET)
    assert restarted.id == kernel.id
    assert await call(shutdown_kernel, 204, default.id) is None

    both = await call(resolve_path, 200, path=nb_path, kernel=kernel.id)
    check(both, ResolvedPath, {"ResolvedPath.unresolved"})
    failed = check(
        await call(resolve_path, 200, path=nb_path, kernel=str(uuid.uuid4())), ResolvedPath
    )
    assert [u.scope for u in failed.unresolved or []] == ["kernel"]

    # A notebook session on the running kernel, then on a new kernel.
    session = check(
        await call(
            create_session,
            201,
            body=SessionCreate(
                path=nb_path, type_="notebook", name=None, kernel=SessionKernel(id=kernel.id)
            ),
        ),
        Session,
        KERNEL_UNSET,
    )
    assert session.kernel.id == kernel.id
    assert session.name is None
    assert session.notebook is not None
    assert not isinstance(session.notebook, Unset)
    assert (session.notebook.path, session.notebook.name) == (nb_path, None)
    same = check(
        await call(create_session, 201, body=SessionCreate(path=nb_path, type_="notebook")),
        Session,
        KERNEL_UNSET,
    )
    assert same.id == session.id
    got_session = check(await call(get_session, 200, session.id), Session, KERNEL_UNSET)
    assert got_session.id == session.id
    updated = check(
        await call(
            update_session,
            200,
            session.id,
            body=SessionUpdate(name="conformance", kernel=SessionKernel(name="python3")),
        ),
        Session,
        KERNEL_UNSET,
    )
    assert updated.name == "conformance"
    assert updated.kernel.id != kernel.id
    console = check(
        await call(
            create_session,
            201,
            body=SessionCreate(
                path=f"{base}/console", type_="console", kernel=SessionKernel(name="python3")
            ),
        ),
        Session,
        {"Session.notebook", *KERNEL_UNSET},
    )
    assert isinstance(console.notebook, Unset)
    sessions = check(
        await call(list_sessions, 200), list[Session], {"Session.notebook", *KERNEL_UNSET}
    )
    assert {session.id, console.id} <= {s.id for s in sessions}
    for s in (session, console):
        assert await call(delete_session, 204, s.id) is None
    remaining = check(await call(list_kernels, 200), list[Kernel], KERNEL_UNSET)
    assert not {kernel.id, updated.kernel.id, console.kernel.id} & {k.id for k in remaining}


async def _kernelspecs_config_terminals(call: Caller, base: str) -> None:
    logos = {"KernelSpecResources.kernel_js", "KernelSpecResources.kernel_css"}
    # Other installed kernels (xeus-python, bash_kernel) ship fewer logos than ipykernel.
    any_logos = logos | {
        "KernelSpecResources.logo_32x32",
        "KernelSpecResources.logo_64x64",
        "KernelSpecResources.logo_svg",
    }
    specs = check(await call(list_kernelspecs, 200), KernelSpecs, any_logos)
    assert specs.default == "python3"
    assert "python3" in specs.kernelspecs.additional_properties
    spec = check(await call(get_kernelspec, 200, "python3"), KernelSpec, logos)
    assert spec.spec.language == "python"
    assert spec.resources.logo_64x64 == "/kernelspecs/python3/logo-64x64.png"
    logo = check(await call(get_kernelspec_resource, 200, "python3", "logo-64x64.png"), File)
    assert logo.payload.read().startswith(b"\x89PNG")

    section = f"conformance_{uuid.uuid4().hex[:8]}"
    assert check(await call(get_config, 200, section), ConfigSection).additional_properties == {}
    assert (
        await call(set_config, 204, section, body=ConfigSection.from_dict({"a": {"b": 1}})) is None
    )
    merged = check(
        await call(
            update_config,
            200,
            section,
            body=ConfigSection.from_dict({"c": [1, 2], "a": {"d": True}}),
        ),
        ConfigSection,
    )
    assert merged.to_dict() == {"a": {"b": 1, "d": True}, "c": [1, 2]}
    got = check(await call(get_config, 200, section), ConfigSection)
    assert got.to_dict() == merged.to_dict()
    assert await call(set_config, 204, section, body=ConfigSection()) is None

    terminal = check(await call(create_terminal, 200, body=TerminalCreate(cwd=base)), Terminal)
    name = f"conformance{uuid.uuid4().hex[:8]}"
    named = check(await call(create_terminal, 200, body=TerminalCreate(name=name)), Terminal)
    assert named.name == name
    terminals = check(await call(list_terminals, 200), list[Terminal])
    assert {terminal.name, name} <= {t.name for t in terminals}
    assert check(await call(get_terminal, 200, terminal.name), Terminal).name == terminal.name
    for t in (terminal, named):
        assert await call(delete_terminal, 204, t.name) is None


async def _nbconvert_events_security(call: Caller, base: str) -> None:
    formats = check(await call(list_nbconvert_formats, 200), NbconvertFormats)
    assert formats.additional_properties["python"].output_mimetype == "text/x-python"
    exported = check(await call(export_notebook, 200, "python", f"{base}/nb.ipynb"), File)
    assert b"1 + 1" in exported.payload.read()
    html = await call.detailed(export_notebook, 200, "html", f"{base}/nb.ipynb", download=True)
    check(html.parsed, File)
    assert html.parsed.payload.read().lstrip().lower().startswith(b"<!doctype html>")
    assert "attachment" in html.headers["content-disposition"]
    converted = check(
        await call(
            convert_notebook,
            200,
            "python",
            body=NbconvertRequest(content=_notebook("40 + 2"), name="x.ipynb"),
        ),
        File,
    )
    assert b"40 + 2" in converted.payload.read()

    event = EventEmit(
        schema_id="https://events.jupyter.org/jupyter_server/contents_service/v1",
        version="1",
        data=JSONObject.from_dict({"action": "get", "path": f"{base}/nb.ipynb"}),
    )
    assert await call(emit_event, 204, body=event) is None

    report = CSPViolationReport(csp_report=JSONObject.from_dict({"document-uri": "about:blank"}))
    assert await call(report_csp_violation, 200, body=report) is None


async def _legacy(call: Caller, base: str) -> None:
    for operation in (
        legacy_notebooks_get,
        legacy_notebooks_put,
        legacy_notebooks_post,
        legacy_notebooks_patch,
        legacy_notebooks_delete,
    ):
        response = await call.detailed(operation, 302, f"{base}/nb.ipynb")
        assert response.parsed is None
        assert response.headers["location"] == f"/api/contents/{base}/nb.ipynb"


async def _errors(call: Caller, server: LocalServer) -> None:
    """Documented error responses parse as documented."""
    missing = await get_contents.asyncio_detailed("no/such/file", client=call.client)
    assert missing.status_code == 404
    check(missing.parsed, str)  # plain text, not JSON
    assert "does not exist" in str(missing.parsed)

    no_kernel = await get_kernel.asyncio_detailed(str(uuid.uuid4()), client=call.client)
    assert no_kernel.status_code == 404
    error = check(no_kernel.parsed, Error, {"Error.traceback", "Error.short_message"})
    assert "Kernel does not exist" in error.message

    bad_type = await get_contents.asyncio_detailed("", client=call.client, type_="file")
    assert bad_type.status_code == 400
    check(bad_type.parsed, Error, {"Error.traceback", "Error.short_message"})

    no_spec = await create_session.asyncio_detailed(
        client=call.client,
        body=SessionCreate(path="x", type_="notebook", kernel=SessionKernel(name="no-such-kernel")),
    )
    assert no_spec.status_code == 501
    check(no_spec.parsed, Error, {"Error.traceback", "Error.reason"})

    async with _client(server, token="wrong") as anonymous:
        forbidden = await get_status.asyncio_detailed(client=anonymous)
        assert forbidden.status_code == 403
        check(forbidden.parsed, Error, {"Error.traceback", "Error.short_message"})
        # Version needs no authentication.
        check((await get_api_version.asyncio_detailed(client=anonymous)).parsed, APIVersion)


async def _running(client: Client) -> dict[str, set[str]]:
    """The ids of the running sessions, kernels and terminals."""
    http = client.get_async_httpx_client()
    return {
        "sessions": {s["id"] for s in (await http.get("api/sessions")).json()},
        "kernels": {k["id"] for k in (await http.get("api/kernels")).json()},
        "terminals": {t["name"] for t in (await http.get("api/terminals")).json()},
    }


async def _cleanup(client: Client, before: dict[str, set[str]]) -> None:
    """Stop the sessions, kernels and terminals the test started (if it failed midway)."""
    http = client.get_async_httpx_client()
    now = await _running(client)
    for kind in ("sessions", "kernels", "terminals"):
        for ident in sorted(now[kind] - before[kind]):
            await http.delete(f"api/{kind}/{ident}")


def _exited(pid: int, timeout: float) -> bool:
    """Wait until process ``pid`` is gone (or a zombie); False on timeout."""
    deadline = time.monotonic() + timeout
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


async def test_shutdown_server() -> None:
    """POST /api/shutdown, last and against a server of its own: the process exits."""
    own = LocalServer(isolate=True, server_extensions=WITHOUT_JUPYTERLAB)
    await asyncio.to_thread(own.start)
    try:
        pid = own.pid
        assert pid is not None
        async with _client(own) as client:
            call = Caller(client)
            assert await call(shutdown_server, 200) is None
        assert await asyncio.to_thread(_exited, pid, 30.0)
        assert call.exercised == OWN_TEST
    finally:
        await asyncio.to_thread(own.stop)


async def test_prefixed_base_url(prefixed_server: LocalServer) -> None:
    """The generated client works under a JupyterHub-style base_url."""
    async with _client(prefixed_server) as client:
        call = Caller(client)
        root = check(await call(get_contents, 200, "", content=0), Contents, CONTENTS_UNSET)
        assert root.path == ""
        check(await call(get_status, 200), APIStatus)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_every_schema_is_a_model_or_alias(name: str) -> None:
    """Each component schema is generated under its own name (the checker relies on it)."""
    assert hasattr(models, name), f"jupyter_server_rest.models has no {name}"


def _kernel(**overrides: Any) -> Kernel:
    data: dict[str, Any] = {
        "id": "k",
        "name": "python3",
        "last_activity": "2024-01-01T00:00:00Z",
        "execution_state": "idle",
        "connections": 0,
        "reason": "none",
    }
    data.update(overrides)
    return Kernel.from_dict(data)


@pytest.mark.parametrize(
    ("overrides", "unset", "message"),
    [
        ({"name": ["python3"]}, (), "is not a str"),
        ({"name": {"a": 1}}, (), "is not a str"),
        ({"connections": True}, (), "is not a int"),
        ({"connections": "0"}, (), "is not a int"),
        ({"reason": None}, (), "is not a str"),
        ({"undocumented": 1}, (), "fields the spec lacks"),
    ],
)
def test_checker_is_strict(overrides: dict[str, Any], unset: Iterable[str], message: str) -> None:
    """The checker rejects wrong types, missing fields and undocumented fields."""
    check(_kernel(), Kernel)
    with pytest.raises(AssertionError, match=message):
        check(_kernel(**overrides), Kernel, unset)


def test_checker_unset_and_additional_properties() -> None:
    kernel = _kernel()
    kernel.reason = UNSET
    with pytest.raises(AssertionError, match="omitted this documented field"):
        check(kernel, Kernel)
    check(kernel, Kernel, KERNEL_UNSET)
    kernel.additional_properties["execution_state"] = "idle"
    with pytest.raises(AssertionError, match="documented fields"):
        check(kernel, Kernel, KERNEL_UNSET)
    naive = _kernel(last_activity="2024-01-01T00:00:00")
    with pytest.raises(AssertionError, match="aware datetime"):
        check(naive, Kernel)


# What an execution request carries depends on its stage (queued, input, done, failed).
REQUEST_QUEUED = {
    "ExecutionRequest.status",
    "ExecutionRequest.execution_count",
    "ExecutionRequest.error",
    "ExecutionRequest.input_request",
    "ExecutionRequest.parent_header",
}
REQUEST_DONE = {
    "ExecutionRequest.request_id",
    "ExecutionRequest.kernel_id",
    "ExecutionRequest.cell_id",
    "ExecutionRequest.document_path",
    "ExecutionRequest.request_url",
    "ExecutionRequest.pending",
    "ExecutionRequest.request_status",
    "ExecutionRequest.error",
    "ExecutionRequest.input_request",
    "ExecutionRequest.parent_header",
}


async def test_collaboration_operations(collab_server: LocalServer) -> None:
    """The jupyter-collaboration and jupyter-server-nbmodel operations of the spec."""
    server = collab_server
    base = f"conformance-collab-{uuid.uuid4().hex[:8]}"
    (server.root_dir / base).mkdir()
    notebook = {"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (server.root_dir / base / "nb.ipynb").write_text(json.dumps(notebook))
    async with _client(server) as client:
        call = Caller(client)
        body = models.DocumentSessionRequest(format_="json", type_="notebook")
        first = check(
            await call(open_document_session, 201, f"{base}/nb.ipynb", body=body),
            models.DocumentSession,
        )
        again = check(
            await call(open_document_session, 200, f"{base}/nb.ipynb", body=body),
            models.DocumentSession,
        )
        assert again.file_id == first.file_id
        assert again.session_id == first.session_id
        http = client.get_async_httpx_client()
        kernel_id = (await http.post("api/kernels", json={"name": "python3"})).json()["id"]
        try:
            pending = check(
                await call(list_execution_requests, 200, kernel_id), models.ExecutionRequests
            )
            assert pending.kernel_id == kernel_id
            assert pending.requests == []
            create = models.ExecutionRequestCreate(code="print('hi'); 6 * 7")
            queued = await call.detailed(execute_on_server, 202, kernel_id, body=create)
            request = check(queued.parsed, models.ExecutionRequest, REQUEST_QUEUED)
            assert queued.headers["location"].endswith(f"/requests/{request.request_id}")
            done = await _poll(call, kernel_id, request.request_id, 200)
            result = check(done, models.ExecutionRequest, REQUEST_DONE)
            assert result.status == "ok"
            assert result.execution_count == 1
            assert "hi" in result.outputs
            assert "42" in result.outputs
            # Input: 300 while the kernel waits, answered through /input.
            create = models.ExecutionRequestCreate(code="answer = input('q? ')\nanswer * 2")
            request = (await call(execute_on_server, 202, kernel_id, body=create)).request_id
            waiting = check(
                await _poll(call, kernel_id, request, 300),
                models.ExecutionRequest,
                REQUEST_QUEUED
                - {"ExecutionRequest.input_request", "ExecutionRequest.parent_header"}
                | {
                    "ExecutionRequest.outputs",
                    "ExecutionRequest.cell_id",
                    "ExecutionRequest.document_path",
                },
            )
            assert waiting.request_status == "input"
            reply = models.ExecutionInput(input_="ab")
            assert await call(send_execution_input, 201, kernel_id, body=reply) is None
            answered = await _poll(call, kernel_id, request, 200)
            assert "abab" in answered.outputs
            # Cancel: the run is interrupted and the request ends with an error.
            code = "import time\nprint('started', flush=True)\ntime.sleep(60)"
            create = models.ExecutionRequestCreate(code=code)
            request = (await call(execute_on_server, 202, kernel_id, body=create)).request_id
            await _poll(call, kernel_id, request, 202, until=lambda r: "started" in r.outputs)
            assert await call(cancel_execution_request, 204, kernel_id, request) is None
            failed = await _poll(call, kernel_id, request, (200, 500))
            assert failed.status == "error" or failed.error
        finally:
            await http.delete(f"api/kernels/{kernel_id}")
    assert call.exercised == EXTENSION_OPS


async def _poll(
    call: Caller,
    kernel_id: str,
    request_id: str,
    status: int | tuple[int, ...],
    until: Any = None,
) -> Any:
    """Poll ``get_execution_request`` until it answers ``status`` (and ``until(result)``
    holds), within 60 s."""
    wanted = (status,) if isinstance(status, int) else status
    deadline = time.monotonic() + 60
    while True:
        call.exercised.add("get_execution_request")
        response = await get_execution_request.asyncio_detailed(
            kernel_id, request_id, client=call.client
        )
        if response.status_code in wanted and (until is None or until(response.parsed)):
            return response.parsed
        assert response.status_code in (200, 202, 300), response.content[:300]
        assert time.monotonic() < deadline, f"still {response.status_code} after 60 s"
        await asyncio.sleep(0.05)
