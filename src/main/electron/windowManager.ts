// Windows: each one is a caller of the app core with its own sources. Only webContents made
// here are trusted senders; navigation, new windows, webviews and permission requests are
// refused; http(s) links the user just clicked go to the system browser (navigationPolicy.ts).
import path from 'node:path'
import { BrowserWindow, shell } from 'electron'
import type { IpcMainInvokeEvent, WebContents } from 'electron'
import { TrustedWindows } from './trustedSenders'
import type { AppCore } from '../service/appCore'
import { ipcEventSink } from './ipcMainTransport'
import type { TrustedSenders } from './ipcMainTransport'
import { ExternalLinkGate } from './navigationPolicy'
import { mainWindowOptions } from './windowOptions'

export class WindowManager implements TrustedSenders {
  private readonly windows = new Map<number, BrowserWindow>()
  private readonly trusted = new TrustedWindows()

  constructor(
    private readonly core: AppCore,
    private readonly rendererUrl: string | null,
    private readonly rendererFile: string,
    private readonly preloadFile: string,
  ) {}

  static callerIdOf(contents: WebContents): string {
    return `win-${contents.id}`
  }

  callerOf(event: IpcMainInvokeEvent): string | null {
    return this.trusted.callerOf(event)
  }

  windowOf(callerId: string): BrowserWindow | null {
    for (const w of this.windows.values())
      if (WindowManager.callerIdOf(w.webContents) === callerId) return w
    return null
  }

  focused(): BrowserWindow | null {
    const f = BrowserWindow.getFocusedWindow()
    return f && this.windows.has(f.webContents.id) ? f : ([...this.windows.values()][0] ?? null)
  }

  count(): number {
    return this.windows.size
  }

  /** a new window; `file` (already granted by main) is opened into it once it has loaded */
  open(file?: string): BrowserWindow {
    const win = new BrowserWindow(mainWindowOptions(this.preloadFile))
    const contents = win.webContents
    const callerId = WindowManager.callerIdOf(contents)
    // captured now: a destroyed webContents throws on property access
    const id = contents.id
    this.windows.set(id, win)
    this.trusted.add(contents, callerId)
    this.core.connect(callerId, ipcEventSink(contents))

    // navigationPolicy.ts: no navigation opens or grants a file; the system browser only
    // right after a trusted user gesture in this window
    const gate = new ExternalLinkGate()
    contents.on('input-event', (_event, input) => gate.noteInput(input.type, Date.now()))
    const leave = (url: string): void => {
      if (gate.mayOpen(url, Date.now())) void shell.openExternal(url)
    }
    contents.on('will-navigate', (event, url) => {
      event.preventDefault()
      leave(url)
    })
    contents.on('will-redirect', (event) => event.preventDefault())
    contents.on('will-attach-webview', (event) => event.preventDefault())
    contents.setWindowOpenHandler(({ url }) => {
      leave(url)
      return { action: 'deny' }
    })
    contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))

    win.once('ready-to-show', () => win.show())
    win.on('closed', () => {
      this.windows.delete(id)
      this.trusted.remove({ id })
      void this.core.disconnect(callerId)
    })
    contents.once('did-finish-load', () => {
      if (file) void this.core.openFor(callerId, file).catch(() => undefined)
    })
    if (this.rendererUrl) void win.loadURL(this.rendererUrl)
    else void win.loadFile(this.rendererFile)
    return win
  }

  /** where the bundle puts the preload and the renderer, relative to out/main */
  static defaultPaths(mainDir: string): { preload: string; renderer: string } {
    return {
      preload: path.join(mainDir, '../preload/index.js'),
      renderer: path.join(mainDir, '../renderer/index.html'),
    }
  }
}
