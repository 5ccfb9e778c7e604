"""The Node peer itself, against a real collaborative server (no SDK code involved).

These prove the peer behaves as JupyterLab does, so the SDK tests that use it as the
"other user" test the SDK and not the peer."""

from __future__ import annotations

import asyncio

import nbformat

from jupyter_sdk.local import LocalServer

from .conftest import NodePeerFactory
from .peer import Snapshot, cell_source, user


async def test_two_peers_typing_into_one_cell_converge(
    node_peer: NodePeerFactory, notebook: str
) -> None:
    alice = await node_peer(notebook, user=user("Alice Liddell"))
    bob = await node_peer(notebook, user=user("Bob Builder"))
    cell = await alice.request("insert_cell", index=0, cell_type="code", source="<>")
    await bob.wait_for(lambda s: cell_source(s, cell["id"]) == "<>")

    # Both type 40 characters at the same time: Alice after "<", Bob at the very end.
    a_text = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
    b_text = "0123456789!@#$%^&*()0123456789!@#$%^&*("

    async def alice_types() -> None:
        for n, letter in enumerate(a_text):
            await alice.request("insert_text", cell=cell["id"], index=1 + n, text=letter)

    async def bob_types() -> None:
        for letter in b_text:
            await bob.request("insert_text", cell=cell["id"], index="end", text=letter)

    await asyncio.gather(alice_types(), bob_types())

    def complete(snapshot: Snapshot) -> bool:
        return len(cell_source(snapshot, cell["id"]) or "") == 2 + len(a_text) + len(b_text)

    a_final = cell_source(await alice.wait_for(complete, 20), cell["id"])
    b_final = cell_source(await bob.wait_for(complete, 20), cell["id"])
    assert a_final == b_final
    assert a_final is not None
    assert sorted(a_final) == sorted("<>" + a_text + b_text)
    # Each peer's letters stay in the order typed; Alice's are all between "<" and ">".
    assert a_final.startswith("<" + a_text)
    assert a_final.endswith(">") or a_final.index(">") > len(a_text)
    assert "".join(ch for ch in a_final if ch in a_text) == a_text
    assert "".join(ch for ch in a_final if ch in b_text) == b_text


async def test_a_cell_a_peer_inserts_is_saved_to_disk(
    node_peer: NodePeerFactory, notebook: str, collab_server: LocalServer
) -> None:
    peer = await node_peer(notebook)
    cell = await peer.request("insert_cell", index=0, cell_type="code", source="print('saved')")
    file = collab_server.root_dir / notebook

    def on_disk() -> list[dict]:
        saved = nbformat.reads(file.read_text(), as_version=4)  # the server writes atomically
        return [c for c in saved.cells if c.id == cell["id"]]

    # Each autosave updates the room's state (dirty, hash): re-check the file on each.
    await peer.wait_for(lambda _: bool(on_disk()), timeout=15)  # document_save_delay: 0.2 s
    (saved,) = on_disk()
    assert saved["cell_type"] == "code"
    assert saved["source"] == "print('saved')"
    assert saved["outputs"] == []


async def test_each_peer_sees_the_others_user(node_peer: NodePeerFactory, notebook: str) -> None:
    alice_user = user("Alice Liddell", "var(--jp-collaborator-color1)")
    bob_user = user("Bob Builder", "var(--jp-collaborator-color2)")
    alice = await node_peer(notebook, user=alice_user)
    bob = await node_peer(notebook, user=bob_user)

    # Bob's state reaches Alice when he joins (the server's own empty state is left out).
    await alice.wait_event(lambda e: e.get("event") == "awareness" and bool(e["users"]), 10)
    assert await alice.users() == [bob_user]
    # A late joiner learns of Alice at her next awareness update (a renewal within 15 s,
    # or, as here, a change of her user).
    renamed = {**alice_user, "display_name": "Alice L."}
    await alice.request("set_user", user=renamed)
    await bob.wait_event(
        lambda e: e.get("event") == "awareness" and [u["user"] for u in e["users"]] == [renamed],
        10,
    )
    assert await bob.users() == [renamed]

    # A peer that leaves is removed from the others' presence at once.
    await bob.stop()
    await alice.wait_event(lambda e: e.get("event") == "awareness" and e["users"] == [], 10)
