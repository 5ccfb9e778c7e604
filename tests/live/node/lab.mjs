// A real JupyterLab page in headless Chromium (playwright-core), driven by JSON lines on
// stdin: what a person sees and types, for the tests of live notebooks against JupyterLab.
//
// Environment (never argv, so the token stays out of `ps`):
//   LAB_URL       the server's base URL, e.g. http://127.0.0.1:8888/
//   LAB_TOKEN     the server's token: sent only as the Authorization header of every
//                 request the page makes (websockets included), never in a URL
//   LAB_CHROMIUM  the Chromium executable
//
// Stdout carries one JSON object per line: {"event": "ready"} once the browser runs, then
// {"id", "ok": true, "result"} / {"id", "ok": false, "error"} answering each command.
//
// Commands, one JSON object per stdin line, each with an "id":
//   {"cmd": "open", "path"}                   open the notebook `path` alone in a new
//                                             workspace; wait for its cells
//   {"cmd": "wait_text", "selector", "text", "ms"}
//                                             wait until an element matching selector shows
//                                             text; -> the texts of all matching elements
//   {"cmd": "texts", "selector"}              -> the texts of all matching elements
//   {"cmd": "click", "selector"}
//   {"cmd": "type", "cell", "text"}           click cell number `cell`'s editor, go to its
//                                             end, and type
//   {"cmd": "screenshot", "path"}
//   {"cmd": "quit"}

import { createInterface } from 'node:readline'
import { chromium } from 'playwright-core'

const emit = (obj) => process.stdout.write(JSON.stringify(obj) + '\n')
const baseUrl = process.env.LAB_URL.replace(/\/?$/, '/')

const browser = await chromium.launch({
  executablePath: process.env.LAB_CHROMIUM,
  // Headless on a closed network, as root: no sandbox, GPU, or background connections.
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
})
const context = await browser.newContext({
  viewport: { width: 1400, height: 900 },
  extraHTTPHeaders: { Authorization: `token ${process.env.LAB_TOKEN}` }
})
const page = await context.newPage()
emit({ event: 'ready' })

const texts = (selector) => page.locator(selector).allInnerTexts()

const commands = {
  async open ({ path }) {
    const encoded = path.split('/').map(encodeURIComponent).join('/')
    // A workspace of its own: JupyterLab would reopen the documents of the last one.
    const workspace = `test-${Date.now()}-${Math.random().toString(16).slice(2)}`
    await page.goto(`${baseUrl}lab/workspaces/${workspace}/tree/${encoded}`)
    await page.locator('.jp-Notebook .jp-Cell').first().waitFor({ timeout: 60000 })
    return null
  },
  async wait_text ({ selector, text, ms }) {
    await page.locator(selector).filter({ hasText: text }).first().waitFor({ timeout: ms })
    return texts(selector)
  },
  async texts ({ selector }) {
    return texts(selector)
  },
  async click ({ selector }) {
    await page.locator(selector).first().click()
    return null
  },
  async type ({ cell, text }) {
    await page.locator('.jp-Notebook .jp-Cell .cm-content').nth(cell).click()
    await page.keyboard.press('Control+End')
    await page.keyboard.type(text)
    return null
  },
  async screenshot ({ path }) {
    await page.screenshot({ path })
    return null
  }
}

for await (const line of createInterface({ input: process.stdin })) {
  const { id, cmd, ...args } = JSON.parse(line)
  if (cmd === 'quit') {
    emit({ id, ok: true, result: null })
    break
  }
  try {
    const run = commands[cmd]
    if (!run) throw new Error(`unknown command ${cmd}`)
    emit({ id, ok: true, result: await run(args) })
  } catch (error) {
    emit({ id, ok: false, error: String(error && error.message ? error.message : error) })
  }
}
await browser.close()
process.exit(0)
