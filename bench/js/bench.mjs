// The `js` row: @jupyterlab/services 7.x on Node, timing the same metrics as the Python
// harness (bench/metrics.py) with performance.now() and process.cpuUsage().
//
// Environment: JUPYTER_BASE_URL (http://127.0.0.1:PORT) and JUPYTER_TOKEN.
//
//   node bench/js/bench.mjs [--quick]   run every metric once, print one JSON object
//   node bench/js/bench.mjs --serve     JSON-lines commands on stdin (used by run.py):
//       {"id": 1, "op": "setup"}                          start a kernel
//       {"id": 2, "op": "latency", "warmup": 50, "n": 50, "code": "x=1"}
//       {"id": 3, "op": "throughput", "n": 200, "code": "x=1"}
//       {"id": 4, "op": "stream", "lines": 5000}
//       {"id": 5, "op": "rest", "n": 500, "warmup": 10, "path": "/api/kernels"}
//       {"id": 6, "op": "cpu", "n": 200, "code": "x=1"}
//       {"id": 7, "op": "execute", "code": "..."} / {"op": "execute_many", "codes": [...]}
//       {"id": 8, "op": "teardown"}                       shut the kernel down, exit
//     each answered by one stdout line "@@BENCH {"id": .., "ok": true, "samples": [..],
//     "cpu": <client CPU seconds during the op>}" or {"id": .., "ok": false, "error": ".."}.
//     Samples are in seconds (latency, stream, rest, cpu per execute) or executes/s
//     (throughput). Other stdout lines (library logging) are to be ignored.

import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import readline from 'node:readline';

import { KernelManager, ServerConnection } from '@jupyterlab/services';
import WebSocket from 'ws';

const MARK = '@@BENCH ';
const require = createRequire(import.meta.url);

// @jupyterlab/services logs "Starting WebSocket: ..." with console.debug (stdout in Node).
console.debug = () => {};

const baseUrl = (process.env.JUPYTER_BASE_URL || '').replace(/\/+$/, '');
const token = process.env.JUPYTER_TOKEN || '';

let settings = null;
let manager = null;
let kernel = null;

// Same content as the Python rows send (jupyter_sdk.protocol.messages.execute_request).
const content = code => ({ code, allow_stdin: false, stop_on_error: true });
const run = code => kernel.requestExecute(content(code)).done;

async function setup() {
  if (!baseUrl) {
    throw new Error('JUPYTER_BASE_URL is not set');
  }
  settings = ServerConnection.makeSettings({
    baseUrl: baseUrl + '/',
    wsUrl: baseUrl.replace(/^http/, 'ws') + '/',
    token,
    WebSocket
  });
  manager = new KernelManager({ serverSettings: settings });
  await manager.ready;
  kernel = await manager.startNew({ name: 'python3' });
  await kernel.info; // resolves once the websocket is up and kernel_info_reply is in
  return [];
}

async function latency({ warmup = 200, n = 200, code = 'x=1' }) {
  for (let i = 0; i < warmup; i++) {
    await run(code);
  }
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run(code);
    samples.push((performance.now() - t0) / 1e3);
  }
  return samples;
}

async function executeMany(codes) {
  const futures = codes.map(code => kernel.requestExecute(content(code)));
  await Promise.all(futures.map(future => future.done));
}

async function throughput({ n = 1000, code = 'x=1' }) {
  const codes = Array(n).fill(code);
  const t0 = performance.now();
  await executeMany(codes);
  return [n / ((performance.now() - t0) / 1e3)];
}

async function stream({ lines = 20000 }) {
  const t0 = performance.now();
  await run(`for i in range(${lines}): print(i)`);
  return [(performance.now() - t0) / 1e3];
}

async function restGet(path) {
  const url = baseUrl + path;
  const response = await ServerConnection.makeRequest(url, {}, settings);
  if (response.status !== 200) {
    throw new Error(`GET ${path}: HTTP ${response.status}`);
  }
  await response.json();
}

async function rest({ n = 500, warmup = 10, path = '/api/kernels' }) {
  for (let i = 0; i < warmup; i++) {
    await restGet(path);
  }
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await restGet(path);
    samples.push((performance.now() - t0) / 1e3);
  }
  return samples;
}

async function cpu({ n = 1000, code = 'x=1' }) {
  const start = process.cpuUsage();
  await executeMany(Array(n).fill(code));
  const used = process.cpuUsage(start);
  return [(used.user + used.system) / 1e6 / n];
}

async function teardown() {
  if (kernel) {
    try {
      await kernel.shutdown();
    } catch {
      // already gone
    }
    kernel.dispose();
    kernel = null;
  }
  if (manager) {
    manager.dispose();
    manager = null;
  }
  return [];
}

function versions() {
  const services = require('@jupyterlab/services/package.json').version;
  const ws = require('ws/package.json').version;
  return { node: process.version, '@jupyterlab/services': services, ws };
}

const OPS = {
  setup,
  latency,
  throughput,
  stream,
  rest,
  cpu,
  teardown,
  execute: ({ code }) => run(code).then(() => []),
  execute_many: ({ codes }) => executeMany(codes).then(() => [])
};

async function handle(request) {
  const op = OPS[request.op];
  if (request.op === 'versions') {
    return { id: request.id, ok: true, samples: [], versions: versions() };
  }
  if (!op) {
    return { id: request.id, ok: false, error: `unknown op ${request.op}` };
  }
  const start = process.cpuUsage();
  try {
    const samples = await op(request);
    const used = process.cpuUsage(start);
    return { id: request.id, ok: true, samples, cpu: (used.user + used.system) / 1e6 };
  } catch (err) {
    return { id: request.id, ok: false, error: String((err && err.stack) || err) };
  }
}

async function serve() {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) {
      continue;
    }
    let request;
    try {
      request = JSON.parse(line);
    } catch (err) {
      process.stdout.write(MARK + JSON.stringify({ ok: false, error: String(err) }) + '\n');
      continue;
    }
    const answer = await handle(request);
    process.stdout.write(MARK + JSON.stringify(answer) + '\n');
    if (request.op === 'teardown') {
      break;
    }
  }
  await teardown();
  process.exit(0);
}

async function standalone(quick) {
  const n = quick ? 50 : 200;
  const result = { versions: versions(), quick, metrics: {} };
  await setup();
  try {
    result.metrics.latency = await latency({ warmup: n, n });
    result.metrics.throughput = await throughput({ n: quick ? 200 : 1000 });
    result.metrics.stream = await stream({ lines: quick ? 5000 : 20000 });
    result.metrics.rest = await rest({ n: quick ? 200 : 500 });
    result.metrics.cpu = await cpu({ n: quick ? 200 : 1000 });
  } finally {
    await teardown();
  }
  process.stdout.write(JSON.stringify(result) + '\n');
  process.exit(0);
}

const argv = process.argv.slice(2);
if (argv.includes('--serve')) {
  await serve();
} else {
  await standalone(argv.includes('--quick'));
}
