// The Electron transport against a fake ipcMain and fake webContents that behave like the real
// ones where it matters: every payload crossing the process boundary is structured-cloned
// (what cannot be cloned throws, as in Electron), and the sender identity is checked.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { IpcMainInvokeEvent } from 'electron'
import { createTraceApi } from '../../src/shared/contract/client'
import type { TraceApi } from '../../src/shared/contract/api'
import type { EventChannel } from '../../src/shared/contract/events'
import { createAppCore } from '../../src/main/service/appCore'
import type { AppCore } from '../../src/main/service/appCore'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { IPC_EVENT, IPC_GRANT_DROP, IPC_INVOKE } from '../../src/main/electron/ipcChannels'
import { ipcEventSink, serveOverIpc } from '../../src/main/electron/ipcMainTransport'
import type { IpcMainLike } from '../../src/main/electron/ipcMainTransport'
import { TrustedWindows } from '../../src/main/electron/trustedSenders'
import { writeFlujoDb } from '../fixtures/seedWriters'
import { seedNativeStore, spanRecords, tempDir } from '../service/serviceFixtures'
import type { SeededStore } from '../service/serviceFixtures'

type Listener = (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown

class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>()
  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`)
    this.handlers.set(channel, listener)
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel)
  }
  /** what ipcRenderer.invoke does: clone the arguments in, clone the answer out */
  async invoke(
    sender: FakeWebContents,
    frame: object,
    channel: string,
    ...args: unknown[]
  ): Promise<unknown> {
    const handler = this.handlers.get(channel)
    if (!handler) throw new Error(`No handler registered for '${channel}'`)
    const event = { sender, senderFrame: frame } as unknown as IpcMainInvokeEvent
    const result = await handler(event, ...structuredClone(args))
    return structuredClone(result)
  }
}

let nextId = 1
class FakeWebContents {
  readonly id = nextId++
  readonly mainFrame = { url: 'file:///app/index.html' }
  readonly subFrame = { url: 'https://ads.example/frame' }
  destroyed = false
  readonly listeners = new Set<(channel: EventChannel, payload: unknown) => void>()
  isDestroyed(): boolean {
    return this.destroyed
  }
  send(channel: string, ...args: unknown[]): void {
    if (channel !== IPC_EVENT) throw new Error(`unexpected channel ${channel}`)
    const [eventChannel, payload] = structuredClone(args) as [EventChannel, unknown]
    queueMicrotask(() => this.listeners.forEach((l) => l(eventChannel, payload)))
  }
}

/** the renderer side: the client over the fake, as the preload bridge would carry it */
function rendererApi(
  ipc: FakeIpcMain,
  wc: FakeWebContents,
  frame: object = wc.mainFrame,
): TraceApi {
  return createTraceApi(
    {
      invoke: (channel, input) => ipc.invoke(wc, frame, IPC_INVOKE, channel, input) as never,
      onEvent: (listener) => {
        wc.listeners.add(listener)
        return () => wc.listeners.delete(listener)
      },
      pathForFile: async () => null,
    },
    'electron',
  )
}

let tmp: ReturnType<typeof tempDir>
let homeBefore: string | undefined
let core: AppCore
let seeded: SeededStore
let flujo: string
const ipc = new FakeIpcMain()
const trusted = new TrustedWindows()
const win = new FakeWebContents()
let api: TraceApi

beforeAll(async () => {
  tmp = tempDir('tracescope-ipc-')
  homeBefore = process.env.TRACESCOPE_HOME
  process.env.TRACESCOPE_HOME = path.join(tmp.dir, 'home')
  seeded = await seedNativeStore(path.join(tmp.dir, 'app.db'))
  flujo = path.join(tmp.dir, 'flujo.db')
  writeFlujoDb(flujo)
  core = createAppCore({
    service: new InProcessStoreService({ opener: createOpener(), onSlowCall: () => undefined }),
    mode: 'electron',
    prefsDir: null,
  })
  await core.openPinned(seeded.path, { appStore: true })
  serveOverIpc(ipc, core, trusted)
  trusted.add(win as never, 'win-1')
  core.connect('win-1', ipcEventSink(win))
  api = rendererApi(ipc, win)
})

afterAll(async () => {
  await core.shutdown()
  if (homeBefore === undefined) delete process.env.TRACESCOPE_HOME
  else process.env.TRACESCOPE_HOME = homeBefore
  tmp.cleanup()
})

describe('Electron IPC transport', () => {
  it('registers exactly the invoke and drop-grant channels', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual([IPC_GRANT_DROP, IPC_INVOKE].sort())
  })

  it('answers contract calls with structured-clone-safe values, typed arrays included', async () => {
    const [app] = await api.invoke('sources.list', {})
    const sessions = await api.invoke('sessions.list', { sourceId: app.sourceId })
    expect(sessions.items[0].id).toBe(seeded.sessionId)
    const cols = await api.invoke('spans.columns', {
      sourceId: app.sourceId,
      sessionId: seeded.sessionId,
    })
    expect(cols.startTime).toBeInstanceOf(Float64Array)
    expect(cols.count).toBe(seeded.spanIds.length)
    const detail = await api.invoke('spans.get', {
      sourceId: app.sourceId,
      sessionId: seeded.sessionId,
      spanId: 'boom',
    })
    expect(detail?.errors[0].type).toBe('ToolError')
  })

  it('answers invalid input with a typed error that survives the clone', async () => {
    const [app] = await api.invoke('sources.list', {})
    await expect(
      api.invoke('errors.list', { sourceId: app.sourceId, resolved: 'maybe' as never }),
    ).rejects.toMatchObject({
      name: 'ContractError',
      code: 'invalid-input',
      field: 'resolved',
      channel: 'errors.list',
    })
  })

  it('refuses a webContents we did not create, and an iframe of one we did', async () => {
    const stranger = new FakeWebContents()
    const env = await ipc.invoke(stranger, stranger.mainFrame, IPC_INVOKE, 'sources.list', {})
    expect(env).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    const impostor = Object.assign(new FakeWebContents(), { id: win.id })
    expect(
      await ipc.invoke(impostor, impostor.mainFrame, IPC_INVOKE, 'sources.list', {}),
    ).toMatchObject({ ok: false })
    expect(await ipc.invoke(win, win.subFrame, IPC_INVOKE, 'sources.list', {})).toMatchObject({
      ok: false,
    })
    expect(await ipc.invoke(stranger, stranger.mainFrame, IPC_GRANT_DROP, flujo)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })
  })

  it('opens a dropped file only after the preload granted it', async () => {
    await expect(api.invoke('sources.open', { path: flujo })).rejects.toMatchObject({
      code: 'forbidden',
    })
    expect(await ipc.invoke(win, win.mainFrame, IPC_GRANT_DROP, flujo)).toEqual({
      ok: true,
      value: true,
    })
    const opened = await api.invoke('sources.open', { path: flujo })
    expect(opened.info.kind).toBe('flujo')
    expect(opened.info.readOnly).toBe(true)
  })

  it('refuses to grant a drop that is not an existing SQLite file, with a typed error', async () => {
    const grant = (file: unknown) => ipc.invoke(win, win.mainFrame, IPC_GRANT_DROP, file)
    const text = path.join(tmp.dir, 'notes.db')
    fs.writeFileSync(text, 'not a database, just text that is long enough')
    const short = path.join(tmp.dir, 'short.db')
    fs.writeFileSync(short, 'SQLite')
    const folder = path.join(tmp.dir, 'folder.db')
    fs.mkdirSync(folder)
    const link = path.join(tmp.dir, 'link.db')
    fs.symlinkSync(text, link)
    const cases: Array<[unknown, string, RegExp]> = [
      [path.join(tmp.dir, 'missing.db'), 'not-found', /missing\.db.*does not exist/],
      [text, 'source-error', /notes\.db.*not an SQLite database/],
      [short, 'source-error', /short\.db.*not an SQLite database/],
      [folder, 'source-error', /folder\.db.*not a file/],
      [link, 'source-error', /not an SQLite database/],
      ['relative/run.db', 'invalid-input', /not an absolute path/],
      [42, 'invalid-input', /absolute path/],
      ['/tmp/x\0.db', 'invalid-input', /absolute path/],
    ]
    for (const [file, code, message] of cases) {
      const answer = (await grant(file)) as {
        ok: boolean
        error: { code: string; message: string }
      }
      expect(answer.ok, String(file)).toBe(false)
      expect(answer.error.code, String(file)).toBe(code)
      expect(answer.error.message).toMatch(message)
      // nothing was granted: opening it stays forbidden
      if (typeof file === 'string' && path.isAbsolute(file) && !file.includes('\0'))
        await expect(api.invoke('sources.open', { path: file })).rejects.toMatchObject({
          code: 'forbidden',
        })
    }
  })

  it('grants a dropped SQLite file reached through a symlink (the target is checked)', async () => {
    const link = path.join(tmp.dir, 'flujo-link.db')
    fs.symlinkSync(flujo, link)
    expect(await ipc.invoke(win, win.mainFrame, IPC_GRANT_DROP, link)).toEqual({
      ok: true,
      value: true,
    })
  })

  it('pushes live events through webContents.send, and stops once the window is gone', async () => {
    const app = (await api.invoke('sources.list', {})).find((s) => s.appStore)!
    const counts: number[] = []
    api.subscribe({ sourceId: app.sourceId, topic: 'spans', sessionId: 'ipc-live' }, (e) =>
      counts.push(e.spanCount),
    )
    await core.service.ingest(app.sourceId, [
      { kind: 'session', id: 'ipc-live' },
      ...spanRecords('ipc-live', 12, Date.now()),
    ])
    await core.service.flush(app.sourceId)
    await expect.poll(() => counts.at(-1), { timeout: 5000 }).toBe(12)
    win.destroyed = true
    // a destroyed window's sink drops events instead of throwing into main
    expect(() =>
      ipcEventSink(win)('sources.closed', { sourceId: 'x', reason: 'gone' }),
    ).not.toThrow()
  })
})
