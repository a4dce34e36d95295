// The desktop app: single-instance lock, the app store in the user-data folder, the store
// service in workers, windows, menu, and file routing (command line, second launch, macOS
// open-file, File > Open, drops).
import path from 'node:path'
import { app, dialog, Menu, session, utilityProcess } from 'electron'
import { appDataDir, defaultStorePath } from '../appPaths'
import { DESKTOP_DEFAULT_SETTINGS } from '../../shared/contract/schemas'
import { createAppCore } from '../service/appCore'
import type { AppCore } from '../service/appCore'
import { WorkerStoreService } from '../service/workerService'
import { contentSecurityPolicy } from '../server/csp'
import { buildAppMenu } from './appMenu'
import { serveOverElectronIpc } from './ipcMainTransport'
import { filesFromArgv } from './launchArgs'
import { devRendererUrl } from './rendererSource'
import { utilityStoreWorker } from './utilityLaneChild'
import { WindowManager } from './windowManager'

const DB_FILTERS = [
  { name: 'SQLite trace databases', extensions: ['db', 'sqlite', 'sqlite3', 'db3'] },
  { name: 'All files', extensions: ['*'] },
]

export function startDesktop(): void {
  // the CLI and the app share one data folder, so the app store is the same file
  app.setPath('userData', appDataDir())
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  app.enableSandbox()
  // macOS delivers "open with" files before ready: hold them until the windows exist
  const early: string[] = []
  const holdEarly = (event: Electron.Event, file: string) => {
    event.preventDefault()
    early.push(file)
  }
  app.on('open-file', holdEarly)
  void app.whenReady().then(() => {
    app.removeListener('open-file', holdEarly)
    return run(early)
  })
}

async function run(early: string[]): Promise<void> {
  const csp = contentSecurityPolicy()
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [csp] } })
  })

  let windows: WindowManager | null = null
  const service = new WorkerStoreService({ spawnWorker: utilityStoreWorker(utilityProcess.fork) })
  const core: AppCore = createAppCore({
    service,
    mode: 'electron',
    version: app.getVersion(),
    prefsDir: appDataDir(),
    defaultSettings: DESKTOP_DEFAULT_SETTINGS,
    openDialog: async (ctx) => {
      const win = windows?.windowOf(ctx.callerId)
      const r = win
        ? await dialog.showOpenDialog(win, { properties: ['openFile'], filters: DB_FILTERS })
        : await dialog.showOpenDialog({ properties: ['openFile'], filters: DB_FILTERS })
      return r.canceled ? null : (r.filePaths[0] ?? null)
    },
    chooseExportDestination: async (ctx, name) => {
      const win = windows?.windowOf(ctx.callerId)
      const options = { defaultPath: path.join(app.getPath('downloads'), name) }
      const r = win
        ? await dialog.showSaveDialog(win, options)
        : await dialog.showSaveDialog(options)
      return r.canceled || !r.filePath ? null : { path: r.filePath, downloadUrl: null }
    },
  })
  try {
    await core.openPinned(defaultStorePath(), { appStore: true })
  } catch (e) {
    dialog.showErrorBox('Tracescope', `Cannot open the app's trace store: ${(e as Error).message}`)
  }
  await core.applyStartupSettings()

  const paths = WindowManager.defaultPaths(__dirname)
  const wm = new WindowManager(
    core,
    devRendererUrl(app.isPackaged, process.env),
    paths.renderer,
    paths.preload,
  )
  windows = wm
  await serveOverElectronIpc(core, wm)

  /** a file for a window: into the focused one if it shows nothing of its own yet, else a new one */
  const openFile = (file: string) => {
    core.grants.grant(null, file)
    const target = wm.focused()
    const callerId = target ? WindowManager.callerIdOf(target.webContents) : null
    const busy = callerId ? core.registry.list(callerId).some((s) => !s.appStore) : true
    if (target && callerId && !busy) void core.openFor(callerId, file).catch(() => undefined)
    else wm.open(file)
    refreshMenu()
  }
  const refreshMenu = () =>
    Menu.setApplicationMenu(
      buildAppMenu(
        {
          openDialog: () => {
            const target = wm.focused()
            const options = { properties: ['openFile' as const], filters: DB_FILTERS }
            void (
              target ? dialog.showOpenDialog(target, options) : dialog.showOpenDialog(options)
            ).then((r) => {
              if (!r.canceled && r.filePaths[0]) openFile(r.filePaths[0])
            })
          },
          openRecent: (file) => openFile(file),
          newWindow: () => wm.open(),
          recent: () => core.prefs.recentFiles(),
        },
        { dev: !app.isPackaged },
      ),
    )
  refreshMenu()

  app.on('open-file', (event, file) => {
    event.preventDefault()
    openFile(file)
  })
  app.on('second-instance', (_event, argv, cwd) => {
    const files = filesFromArgv(argv, cwd)
    if (files.length > 0) files.forEach(openFile)
    else wm.focused()?.focus()
  })
  app.on('activate', () => {
    if (wm.count() === 0) wm.open()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  let quitting = false
  app.on('before-quit', (event) => {
    if (quitting) return
    quitting = true
    event.preventDefault()
    // flush the writer queue and close every connection before the process ends
    void core.shutdown().finally(() => app.exit(0))
  })

  const files = [...filesFromArgv(process.argv, process.cwd()), ...early]
  if (files.length === 0) wm.open()
  for (const f of files) {
    core.grants.grant(null, f)
    wm.open(f)
  }
}
