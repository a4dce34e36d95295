// A compromised renderer against main: every invoke channel with invalid input through the real
// Electron transport (fake ipcMain, structured clone) answers a typed error; windows we did not
// create and subframes are refused; paths the caller was not given are refused.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { IpcMainInvokeEvent } from 'electron'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContractErrorShape, Envelope } from '../../src/shared/contract/errors'
import { INVOKE_CHANNELS, invokeChannels } from '../../src/shared/contract/invoke'
import { IPC_GRANT_DROP, IPC_INVOKE } from '../../src/main/electron/ipcChannels'
import { serveOverIpc, type IpcMainLike } from '../../src/main/electron/ipcMainTransport'
import { TrustedWindows } from '../../src/main/electron/trustedSenders'
import { createAppCore, type AppCore } from '../../src/main/service/appCore'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { openStore } from '../../src/main/store/traceStore'

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

/** ipcMain as the renderer reaches it: arguments and answers are structured-cloned. */
class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener): void {
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  async invoke(sender: FakeContents, frame: object, channel: string, ...args: unknown[]) {
    const event = { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent
    return structuredClone(await this.handlers.get(channel)!(event, ...structuredClone(args)))
  }
}

let ids = 1
class FakeContents {
  readonly id = ids++
  readonly mainFrame = { url: 'app://index.html' }
  readonly subFrame = { url: 'https://ads.example/' }
}

const CODES = new Set([
  'invalid-input',
  'unknown-channel',
  'unknown-source',
  'not-found',
  'forbidden',
  'source-error',
  'unavailable',
  'timeout',
])

let dir: string
let core: AppCore
let ipc: FakeIpcMain
let win: FakeContents
let other: FakeContents
let stop: () => void
let granted: string
let secret: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'security-ipc-'))
  granted = path.join(dir, 'granted.db')
  secret = path.join(dir, 'secret.db')
  for (const f of [granted, secret]) {
    const s = openStore(f)
    await s.write([
      { kind: 'span', sessionId: 's', spanId: 'a1', name: 'x', startTime: Date.now() },
    ])
    await s.close()
  }
  core = createAppCore({
    service: new InProcessStoreService({ opener: createOpener() }),
    mode: 'electron',
    prefsDir: null,
  })
  ipc = new FakeIpcMain()
  win = new FakeContents()
  other = new FakeContents()
  const trusted = new TrustedWindows()
  trusted.add(win as never, 'window-1')
  trusted.add(other as never, 'window-2')
  stop = serveOverIpc(ipc, core, trusted)
})

afterAll(async () => {
  stop()
  await core.shutdown()
  fs.rmSync(dir, { recursive: true, force: true })
})

const call = (channel: unknown, input: unknown, from: FakeContents = win, frame?: object) =>
  ipc.invoke(from, frame ?? from.mainFrame, IPC_INVOKE, channel, input) as Promise<
    Envelope<unknown>
  >

function typedError(env: Envelope<unknown>): ContractErrorShape {
  expect(env.ok).toBe(false)
  const error = (env as { ok: false; error: ContractErrorShape }).error
  expect(CODES).toContain(error.code)
  expect(error.message.length).toBeGreaterThan(0)
  // a message, never a stack, crosses the boundary
  expect(error.message).not.toMatch(/\n\s+at /)
  return error
}

/** A value of the wrong type for whatever a field expects. */
const WRONG: unknown[] = [{ nested: { deeper: true } }, [1, 2, 3], -1.5, true]

describe('every invoke channel refuses invalid input with a typed error', () => {
  for (const channel of INVOKE_CHANNELS) {
    it(`${channel}`, async () => {
      for (const input of [42, 'text', [], true, { 'no-such-field': 1 }]) {
        const e = typedError(await call(channel, input))
        expect(e.code).toBe('invalid-input')
      }
      const shape =
        (invokeChannels[channel].input as unknown as { shape?: Record<string, unknown> }).shape ??
        {}
      for (const field of Object.keys(shape)) {
        for (const wrong of WRONG) {
          const env = await call(channel, { [field]: wrong })
          const e = typedError(env)
          // either this field is named, or a required one that is missing
          expect(e.code).toBe('invalid-input')
        }
        const huge = await call(channel, { [field]: 'x'.repeat(200_000) })
        expect(typedError(huge).code).toBe('invalid-input')
      }
    })
  }

  it('unknown and prototype channel names', async () => {
    for (const name of [
      'no.such',
      '__proto__',
      'constructor',
      'toString',
      'hasOwnProperty',
      42,
      null,
      { a: 1 },
    ]) {
      expect(typedError(await call(name, {})).code).toBe('unknown-channel')
    }
  })

  it('a __proto__ key in the input neither passes validation nor pollutes Object.prototype', async () => {
    const env = await call(
      'sessions.list',
      JSON.parse('{"sourceId":"x","__proto__":{"polluted":true}}'),
    )
    expect(env.ok).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('who may call', () => {
  it('a webContents Tracescope did not create is refused before anything runs', async () => {
    const stranger = new FakeContents()
    const e = typedError(await call('app.info', {}, stranger))
    expect(e.code).toBe('forbidden')
  })

  it('a subframe of our own window is refused', async () => {
    const e = typedError(await call('app.info', {}, win, win.subFrame))
    expect(e.code).toBe('forbidden')
  })

  it('an impostor object with the id of our window is refused', async () => {
    const impostor = Object.assign(new FakeContents(), {}) as FakeContents
    Object.defineProperty(impostor, 'id', { value: win.id })
    expect(typedError(await call('app.info', {}, impostor, impostor.mainFrame)).code).toBe(
      'forbidden',
    )
  })

  it('grant-drop from a stranger, with a non-string, or of something that is not an SQLite file grants nothing', async () => {
    const drop = (from: FakeContents, file: unknown) =>
      ipc.invoke(from, from.mainFrame, IPC_GRANT_DROP, file) as Promise<Envelope<unknown>>
    const stranger = new FakeContents()
    expect(typedError(await drop(stranger, secret)).code).toBe('forbidden')
    const text = path.join(dir, 'notes.db')
    fs.writeFileSync(text, 'not a database')
    for (const bad of [
      42,
      null,
      '',
      'x'.repeat(5000),
      { path: secret },
      text,
      dir,
      '/etc/passwd',
      path.join(dir, 'missing.db'),
    ]) {
      typedError(await drop(win, bad))
    }
    // nothing above became openable
    for (const p of [secret, text, '/etc/passwd'])
      expect(typedError(await call('sources.open', { path: p })).code).toBe('forbidden')
    fs.rmSync(text)
  })
})

describe('paths the renderer was not given', () => {
  it('sources.open of a path never granted is forbidden, and the file is not opened', async () => {
    const before = fs.readdirSync(dir).sort()
    const e = typedError(await call('sources.open', { path: secret }))
    expect(e.code).toBe('forbidden')
    expect(e.field).toBe('path')
    expect(fs.readdirSync(dir).sort()).toEqual(before)
  })

  it('relative, traversal and symlinked spellings of an ungranted file are forbidden', async () => {
    core.grants.grant('window-1', granted)
    const link = path.join(dir, 'link-to-secret.db')
    fs.symlinkSync(secret, link)
    for (const p of [
      path.join(dir, 'sub', '..', 'secret.db'),
      `${dir}/./secret.db`,
      link,
      path.relative(process.cwd(), secret),
      `${granted}/../secret.db`,
    ]) {
      expect(typedError(await call('sources.open', { path: p })).code).toBe('forbidden')
    }
  })

  it("a dialog/drop grant belongs to the window it was given to; a window cannot use another's source", async () => {
    const dropped = path.join(dir, 'dropped.db')
    fs.copyFileSync(granted, dropped)
    core.grants.grant('window-1', dropped)
    expect(typedError(await call('sources.open', { path: dropped }, other)).code).toBe('forbidden')
    // once opened it is a recent file, which main offers to every window (by design)
    const mine = await call('sources.open', { path: dropped })
    expect(mine.ok).toBe(true)
    // but the other window cannot read the first window's source by its id
    const sourceId = (mine as { ok: true; value: { sourceId: string } }).value.sourceId
    const peek = await call('sessions.list', { sourceId }, other)
    expect(typedError(peek).code).toBe('unknown-source')
  })
})
