// A JupyterLab-like peer in a notebook room, driven by JSON lines on stdin.
//
// It does what JupyterLab 4.6 does with jupyter-collaboration: PUT
// /api/collaboration/session/{path} with {"format": "json", "type": "notebook"}, then a
// y-websocket WebsocketProvider on /api/collaboration/room/json:notebook:{fileId}
// ?sessionId=... over a YNotebook (@jupyter/ydoc) with its awareness, `user` set as
// JupyterLab sets it. The token goes only in the Authorization header.
//
// Environment (never argv, so the token stays out of `ps`):
//   PEER_URL    the server's base URL, e.g. http://127.0.0.1:8888/
//   PEER_TOKEN  the server's token
//   PEER_PATH   the notebook's path on the server
//   PEER_USER   optional JSON `user` for awareness (defaults to a "Node Peer" user)
//   PEER_TEXT_LIMIT  optional: at most this many characters of stream text per output in
//               events (the tail; default 4096); snapshots always carry the whole text
//
// Stdout carries one JSON object per line:
//   {"event": "ready", "t", "fileId", "sessionId", "clientID"}  once synced the first time
//   {"event": "change", "t", "local", "kinds", "cells"}        every document change
//   {"event": "awareness", "t", "users"}                       peers' presence changed
//   {"event": "status" | "synced" | "closed", "t", ...}        connection life
//   {"id", "ok": true, "t0", "t", "result"} / {"id", "ok": false, "error"}  answers to
//                                      commands (t0: before the command ran, t: after)
// `t` is CLOCK_MONOTONIC in seconds (the clock of Python's time.monotonic() on Linux).
//
// Commands, one JSON object per stdin line, each with an "id":
//   {"cmd": "insert_cell", "index", "cell_type", "source"} -> {"id" (cell id), "index"}
//   {"cmd": "insert_text", "cell", "index", "text"}     cell = index or cell id;
//                                                        index "end": after the last character
//   {"cmd": "delete_text", "cell", "index", "length"}
//   {"cmd": "set_source", "cell", "source"}
//   {"cmd": "delete_cell", "cell"}
//   {"cmd": "move_cell", "from", "to"}
//   {"cmd": "set_metadata", "key", "value"}                notebook metadata
//   {"cmd": "set_execution", "cell", "execution_count"?, "execution_state"?}
//   {"cmd": "set_outputs", "cell", "outputs"}              as JupyterLab: Y.Map, Y.Text
//   {"cmd": "append_stream", "cell", "output", "text"}    append to a stream in place
//   {"cmd": "snapshot"} -> {"cells": [...], "metadata", "state"}
//   {"cmd": "awareness"} -> {"clientID", "users": [{"clientID", "user"}], "states"}
//   {"cmd": "set_user", "user"}
//   {"cmd": "disconnect"} / {"cmd": "connect"}
//   {"cmd": "quit"}

import { createInterface } from 'node:readline'
import { YNotebook } from '@jupyter/ydoc'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

const now = () => Number(process.hrtime.bigint()) / 1e9
const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')

const baseUrl = process.env.PEER_URL.replace(/\/?$/, '/')
const token = process.env.PEER_TOKEN
const path = process.env.PEER_PATH
const textLimit = Number(process.env.PEER_TEXT_LIMIT || 4096)
const headers = { Authorization: `token ${token}` }
const defaultUser = {
  username: 'node-peer',
  name: 'Node Peer',
  display_name: 'Node Peer',
  initials: 'NP',
  avatar_url: null,
  color: 'var(--jp-collaborator-color3)'
}

// ws with the token in the handshake's headers (y-websocket passes url and protocols).
class AuthWebSocket extends WebSocket {
  constructor (url, protocols) {
    super(url, protocols, { headers })
  }
}

const fail = (message) => {
  emit({ event: 'error', t: now(), error: message })
  process.exit(2)
}

const encodedPath = path.split('/').map(encodeURIComponent).join('/')
const response = await fetch(`${baseUrl}api/collaboration/session/${encodedPath}`, {
  method: 'PUT',
  headers: { ...headers, 'Content-Type': 'application/json' },
  body: JSON.stringify({ format: 'json', type: 'notebook' })
}).catch((err) => fail(`session request failed: ${err}`))
if (!response.ok) fail(`session request answered ${response.status}: ${await response.text()}`)
const session = await response.json()

const notebook = new YNotebook()
const doc = notebook.ydoc
const awareness = notebook.awareness
const ycells = doc.getArray('cells')
awareness.setLocalStateField('user', process.env.PEER_USER ? JSON.parse(process.env.PEER_USER) : defaultUser)

const wsUrl = baseUrl.replace(/^http/, 'ws') + 'api/collaboration/room'
const provider = new WebsocketProvider(wsUrl, `${session.format}:${session.type}:${session.fileId}`, doc, {
  awareness,
  params: { sessionId: session.sessionId },
  WebSocketPolyfill: AuthWebSocket,
  disableBc: true
})

// -- reading the document -------------------------------------------------------------

const plain = (value) => (value && typeof value.toJSON === 'function' ? value.toJSON() : value)

// Stream text may be a Y.Text, a string or (some writers) a list of strings.
const textOf = (value) => {
  const v = plain(value)
  return Array.isArray(v) ? v.join('') : (v ?? '')
}

const outputJSON = (output, limit) => {
  const get = (key) => (output instanceof Map || typeof output.get === 'function' ? output.get(key) : output[key])
  const json = { ...plain(output) } // a copy: plain-object outputs are the document's own
  if (get('output_type') === 'stream') {
    const raw = get('text')
    // How the writer stored it: JupyterLab appends to a Y.Text in place.
    json.text_kind = raw instanceof Y.Text ? 'Y.Text' : Array.isArray(raw) ? 'list' : typeof raw
    const text = textOf(raw)
    json.text = limit === undefined ? text : text.slice(-limit)
    json.text_length = text.length
  }
  return json
}

const cellJSON = (ycell, index, limit) => {
  const outputs = ycell.get('outputs')
  return {
    index,
    id: ycell.get('id'),
    cell_type: ycell.get('cell_type'),
    source: textOf(ycell.get('source')),
    metadata: plain(ycell.get('metadata')) ?? {},
    outputs: outputs ? outputs.toArray().map((o) => outputJSON(o, limit)) : [],
    execution_count: ycell.get('execution_count') ?? null,
    execution_state: ycell.get('execution_state') ?? null
  }
}

const snapshot = () => ({
  cells: ycells.toArray().map((c, i) => cellJSON(c, i)),
  metadata: plain(notebook.ymeta.get('metadata')) ?? {},
  state: notebook.ystate.toJSON()
})

const findCell = (cell) => {
  if (typeof cell === 'number') {
    if (cell < 0 || cell >= ycells.length) throw new Error(`no cell at index ${cell}`)
    return cell
  }
  const index = ycells.toArray().findIndex((c) => c.get('id') === cell)
  if (index < 0) throw new Error(`no cell with id ${cell}`)
  return index
}

// -- events ---------------------------------------------------------------------------

const kindOf = (event) => {
  const [, key] = event.path
  if (event.path.length === 0) return ['cells']
  if (event.path.length === 1) return [...event.keysChanged ?? []]
  return [key]
}

ycells.observeDeep((events, transaction) => {
  const kinds = new Set()
  const touched = new Set()
  for (const event of events) {
    for (const kind of kindOf(event)) kinds.add(kind)
    if (event.path.length > 0) touched.add(event.path[0])
  }
  const cells = [...touched]
    .filter((i) => i < ycells.length)
    .sort((a, b) => a - b)
    .map((i) => cellJSON(ycells.get(i), i, textLimit))
  emit({ event: 'change', t: now(), local: transaction.local, kinds: [...kinds], length: ycells.length, cells })
})
notebook.ymeta.observeDeep((events, transaction) => {
  emit({ event: 'change', t: now(), local: transaction.local, kinds: ['metadata'], length: ycells.length, cells: [] })
})
notebook.ystate.observe((event, transaction) => {
  emit({ event: 'change', t: now(), local: transaction.local, kinds: ['state'], state: notebook.ystate.toJSON(), cells: [] })
})

const peers = () =>
  [...awareness.getStates().entries()]
    .filter(([id, state]) => id !== doc.clientID && state && state.user)
    .map(([id, state]) => ({ clientID: id, user: state.user }))

awareness.on('change', () => emit({ event: 'awareness', t: now(), users: peers() }))
provider.on('status', ({ status }) => emit({ event: 'status', t: now(), status }))
provider.on('connection-close', (event) =>
  emit({ event: 'close', t: now(), code: event?.code ?? null, reason: event?.reason?.toString() ?? null })
)
provider.on('closed', ({ code, reason }) => emit({ event: 'closed', t: now(), code, reason: reason?.toString() }))
let ready = false
provider.on('sync', (synced) => {
  emit({ event: 'synced', t: now(), synced })
  if (synced && !ready) {
    ready = true
    emit({ event: 'ready', t: now(), fileId: session.fileId, sessionId: session.sessionId, clientID: doc.clientID })
  }
})

// -- commands -------------------------------------------------------------------------

const commands = {
  insert_cell ({ index, cell_type: cellType = 'code', source = '' }) {
    const at = index ?? ycells.length
    const cell = notebook.insertCell(at, { cell_type: cellType, source })
    return { id: cell.id, index: at }
  },
  insert_text ({ cell, index, text }) {
    const ycell = notebook.getCell(findCell(cell))
    const at = index === 'end' ? ycell.ysource.length : index
    ycell.updateSource(at, at, text)
    return null
  },
  delete_text ({ cell, index, length }) {
    notebook.getCell(findCell(cell)).updateSource(index, index + length, '')
    return null
  },
  set_source ({ cell, source }) {
    notebook.getCell(findCell(cell)).setSource(source)
    return null
  },
  delete_cell ({ cell }) {
    notebook.deleteCell(findCell(cell))
    return null
  },
  move_cell ({ from, to }) {
    notebook.moveCell(from, to)
    return null
  },
  set_metadata ({ key, value }) {
    notebook.setMetadata(key, value)
    return null
  },
  // A run as JupyterLab writes it: running, outputs as Y.Maps with Y.Text stream text,
  // stream text appended in place, then the count and idle.
  set_execution ({ cell, execution_count: count, execution_state: state }) {
    const ycell = notebook.getCell(findCell(cell))
    if (state !== undefined) ycell.executionState = state
    if (count !== undefined) ycell.execution_count = count
    return null
  },
  set_outputs ({ cell, outputs }) {
    notebook.getCell(findCell(cell)).setOutputs(outputs)
    return null
  },
  append_stream ({ cell, output, text }) {
    notebook.getCell(findCell(cell)).appendStreamOutput(output, text)
    return null
  },
  snapshot: () => snapshot(),
  awareness: () => ({
    clientID: doc.clientID,
    users: peers(),
    states: [...awareness.getStates().entries()].map(([id, state]) => ({ clientID: id, state }))
  }),
  set_user ({ user }) {
    awareness.setLocalStateField('user', user)
    return null
  },
  disconnect () {
    provider.disconnect()
    return null
  },
  connect () {
    provider.connect()
    return null
  },
  quit () {
    provider.destroy()
    setImmediate(() => process.exit(0))
    return null
  }
}

const lines = createInterface({ input: process.stdin })
lines.on('line', (line) => {
  if (!line.trim()) return
  let message
  try {
    message = JSON.parse(line)
  } catch (err) {
    emit({ id: null, ok: false, error: `bad JSON: ${err.message}` })
    return
  }
  const handler = commands[message.cmd]
  if (!handler) {
    emit({ id: message.id, ok: false, error: `unknown command ${message.cmd}` })
    return
  }
  try {
    const t0 = now()
    const result = handler(message)
    emit({ id: message.id, ok: true, t0, t: now(), result })
  } catch (err) {
    emit({ id: message.id, ok: false, error: String(err?.stack ?? err) })
  }
})
lines.on('close', () => {
  provider.destroy()
  process.exit(0)
})
