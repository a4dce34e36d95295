// Navigations never open or grant a file, and the system browser opens only right after
// a trusted user gesture, once per gesture. The pure policy, then the window manager's wiring
// against a stand-in for Electron (the binary cannot run here).
import { describe, expect, it, vi } from 'vitest'
import {
  ExternalLinkGate,
  MAX_EXTERNAL_URL,
  USER_GESTURE_MS,
  isOpenableLink,
} from '../../src/main/electron/navigationPolicy'

describe('ExternalLinkGate (pure)', () => {
  it('refuses every link without a user gesture', () => {
    const gate = new ExternalLinkGate()
    expect(gate.mayOpen('https://opentelemetry.io/docs', 10_000)).toBe(false)
    gate.noteInput('mouseMove', 10_000)
    gate.noteInput('mouseWheel', 10_000)
    expect(gate.mayOpen('https://opentelemetry.io/docs', 10_001)).toBe(false)
  })

  it('allows one http(s) link per click, within the gesture window', () => {
    const gate = new ExternalLinkGate()
    gate.noteInput('mouseUp', 1000)
    expect(gate.mayOpen('https://opentelemetry.io/docs', 1010)).toBe(true)
    // the same gesture cannot open a second one (no window.open loop)
    expect(gate.mayOpen('https://example.com/', 1011)).toBe(false)
    gate.noteInput('keyDown', 5000)
    expect(gate.mayOpen('http://localhost:4318/', 5000 + USER_GESTURE_MS + 1)).toBe(false)
    gate.noteInput('rawKeyDown', 9000)
    expect(gate.mayOpen('http://localhost:4318/', 9000 + USER_GESTURE_MS)).toBe(true)
  })

  it('a gesture is not spent on a link that is refused anyway', () => {
    const gate = new ExternalLinkGate()
    gate.noteInput('mouseDown', 1000)
    for (const url of [
      'file:///home/u/secret.db',
      'javascript:alert(1)',
      'data:text/html,hi',
      'tracescope://x',
      'https://user:pw@example.com/',
      `https://example.com/?q=${'x'.repeat(MAX_EXTERNAL_URL)}`,
      'not a url',
    ])
      expect(gate.mayOpen(url, 1001), url).toBe(false)
    expect(gate.mayOpen('https://example.com/', 1002)).toBe(true)
  })

  it('a clock that went backwards is no gesture', () => {
    const gate = new ExternalLinkGate()
    gate.noteInput('mouseUp', 5000)
    expect(gate.mayOpen('https://example.com/', 4000)).toBe(false)
  })

  it('isOpenableLink: http(s) addresses only', () => {
    expect(isOpenableLink('https://opentelemetry.io/docs')).toBe(true)
    expect(isOpenableLink('ftp://example.com/')).toBe(false)
  })
})

// ---- the window manager's wiring, against a stand-in for Electron ----------------------------

type Handler = (...a: unknown[]) => unknown
class FakeContents {
  static next = 1
  readonly id = FakeContents.next++
  readonly on_ = new Map<string, Handler[]>()
  openHandler: Handler | null = null
  readonly session = { setPermissionRequestHandler: () => undefined }
  on(name: string, fn: Handler): this {
    this.on_.set(name, [...(this.on_.get(name) ?? []), fn])
    return this
  }
  once(name: string, fn: Handler): this {
    return this.on(name, fn)
  }
  emit(name: string, ...args: unknown[]): void {
    for (const fn of this.on_.get(name) ?? []) fn(...args)
  }
  setWindowOpenHandler(fn: Handler): void {
    this.openHandler = fn
  }
  isDestroyed(): boolean {
    return false
  }
  send(): void {}
}

const opened: string[] = []
vi.mock('electron', () => {
  class BrowserWindow {
    readonly webContents = new FakeContents()
    static getFocusedWindow(): null {
      return null
    }
    once(): void {}
    on(): void {}
    loadURL(): Promise<void> {
      return Promise.resolve()
    }
    loadFile(): Promise<void> {
      return Promise.resolve()
    }
  }
  return {
    BrowserWindow,
    shell: {
      openExternal: async (url: string) => {
        opened.push(url)
      },
    },
  }
})

describe('WindowManager wiring', () => {
  async function window() {
    const { WindowManager } = await import('../../src/main/electron/windowManager')
    const openFor = vi.fn(async () => ({}))
    const core = {
      connect: () => undefined,
      disconnect: async () => undefined,
      openFor,
      grants: { grant: () => '' },
    }
    const wm = new WindowManager(core as never, null, '/app/index.html', '/app/preload.js')
    const win = wm.open() as unknown as { webContents: FakeContents }
    return { contents: win.webContents, openFor }
  }
  const navigate = (c: FakeContents, url: string) => {
    const event = { preventDefault: vi.fn() }
    c.emit('will-navigate', event, url)
    return event.preventDefault
  }

  it('a file:// navigation to a .db is refused and opens nothing', async () => {
    const { contents, openFor } = await window()
    const prevented = navigate(contents, 'file:///home/u/secret.db')
    expect(prevented).toHaveBeenCalled()
    await new Promise((r) => setTimeout(r, 10))
    expect(openFor).not.toHaveBeenCalled()
  })

  it('window.open is always denied; the browser opens only after a user gesture', async () => {
    const { contents } = await window()
    opened.length = 0
    const open = (url: string) => contents.openHandler!({ url })
    expect(open('https://exfil.example/?d=secret')).toEqual({ action: 'deny' })
    expect(opened).toEqual([])
    contents.emit('input-event', {}, { type: 'mouseUp' })
    expect(open('https://opentelemetry.io/docs')).toEqual({ action: 'deny' })
    expect(open('https://opentelemetry.io/again')).toEqual({ action: 'deny' })
    expect(opened).toEqual(['https://opentelemetry.io/docs'])
  })

  it('an http(s) navigation leaves for the browser only on a gesture', async () => {
    const { contents } = await window()
    opened.length = 0
    expect(navigate(contents, 'https://example.com/a')).toHaveBeenCalled()
    contents.emit('input-event', {}, { type: 'keyDown' })
    navigate(contents, 'https://example.com/b')
    expect(opened).toEqual(['https://example.com/b'])
  })
})
