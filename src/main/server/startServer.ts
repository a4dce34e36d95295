// Browser mode: the built renderer and the contract over HTTP + WebSocket on loopback, behind a
// random token. `tracescope serve` and the end-to-end tests start it through here.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { defaultStorePath } from '../appPaths'
import { canonicalPath } from '../service/grants'
import { createAppCore } from '../service/appCore'
import type { AppCore } from '../service/appCore'
import type { SlowCall } from '../service/storeService'
import { InProcessStoreService } from '../service/inProcessService'
import { createOpener } from '../service/defaultOpener'
import { WorkerStoreService } from '../service/workerService'
import type { SourceSummary } from '../../shared/contract/invoke'
import { contentSecurityPolicy, metaPolicy, securityHeaders } from './csp'
import { createRequestHandler } from './httpRoutes'
import { ensureRendererBuilt } from './rendererBuild'
import { createWsTransport } from './wsTransport'

export interface StartServerOptions {
  /** one file to show (same as sources: [dbPath]) */
  dbPath?: string
  /** files to show; with none, the app's own store */
  sources?: string[]
  /** the app's own store (writable, collector target); default: defaultStorePath() when no file is given */
  appStorePath?: string | null
  /** default 0: a random free port */
  port?: number
  /** loopback only: 127.0.0.1 (default), ::1 or localhost */
  host?: string
  /** the built renderer; default $TRACESCOPE_RENDERER_DIR, else out/renderer built on first use */
  rendererDir?: string
  /** 'worker' (default) or 'in-process' */
  service?: 'worker' | 'in-process'
  /** settings and recent files; default null (in memory) */
  prefsDir?: string | null
  token?: string
  version?: string
  /** store calls slower than 40 ms (default: a line on stderr) */
  onSlowCall?: (call: SlowCall) => void
  log?: (line: string) => void
}

export interface RunningServer {
  /** open this: http://127.0.0.1:<port>/?token=<token> */
  url: string
  token: string
  port: number
  host: string
  sources: SourceSummary[]
  core: AppCore
  close(): Promise<void>
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost'])

export async function startServer(opts: StartServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1'
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(
      `refusing to serve on ${host}: browser mode listens on loopback only (127.0.0.1, ::1, localhost)`,
    )
  }
  const files = [...(opts.sources ?? []), ...(opts.dbPath ? [opts.dbPath] : [])]
  for (const f of files) if (!fs.existsSync(f)) throw new Error(`${f} does not exist`)
  const appStorePath =
    opts.appStorePath === undefined
      ? files.length === 0
        ? defaultStorePath()
        : null
      : opts.appStorePath
  const rendererDir =
    opts.rendererDir ??
    process.env.TRACESCOPE_RENDERER_DIR ??
    (await ensureRendererBuilt({ log: opts.log }))
  const token = opts.token ?? randomBytes(24).toString('base64url')
  const exportsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-exports-'))

  const service =
    opts.service === 'in-process'
      ? new InProcessStoreService({ opener: createOpener(), onSlowCall: opts.onSlowCall })
      : new WorkerStoreService({ onSlowCall: opts.onSlowCall })
  const core = createAppCore({
    service,
    mode: 'browser',
    version: opts.version,
    prefsDir: opts.prefsDir ?? null,
    openDialog: null,
    chooseExportDestination: async (_ctx, name, exportId) => ({
      path: path.join(exportsDir, `${exportId}-${name}`),
      downloadUrl: `/exports/${exportId}?token=${encodeURIComponent(token)}`,
    }),
  })
  const sources: SourceSummary[] = []
  try {
    if (appStorePath) sources.push(await core.openPinned(appStorePath, { appStore: true }))
    for (const f of files) {
      const isApp = appStorePath !== null && canonicalPath(f) === canonicalPath(appStorePath)
      if (!isApp) sources.push(await core.openPinned(f))
    }
    await core.applyStartupSettings()
  } catch (e) {
    await core.shutdown()
    throw e
  }

  let port = 0
  const log = opts.log ?? ((line: string) => process.stderr.write(line + '\n'))
  const ws = createWsTransport(core, { token, port: () => port, log })
  const connect = () => [
    `ws://${host === '::1' ? '[::1]' : host}:${port}`,
    `ws://localhost:${port}`,
  ]
  const base = (extra: Record<string, string> = {}) => ({
    ...securityHeaders(contentSecurityPolicy({ connect: connect() })),
    ...extra,
  })
  const pagePolicy = () => metaPolicy({ connect: connect() })
  const server = http.createServer(
    createRequestHandler({
      core,
      token,
      rendererDir,
      port: () => port,
      headers: base,
      pagePolicy,
      log,
    }),
  )
  // a socket error (a client resetting mid-request) is that client's problem, never the server's
  server.on('clientError', (_e, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })
  server.on('upgrade', (req, socket, head) => ws.handleUpgrade(req, socket, head))

  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'EADDRINUSE'
          ? new Error(`port ${opts.port} on ${host} is already in use; pick another with --port`)
          : e,
      ),
    )
    server.listen(opts.port ?? 0, host, () => resolve())
  }).catch(async (e) => {
    await core.shutdown()
    throw e
  })
  port = (server.address() as AddressInfo).port
  const urlHost = host === '::1' ? '[::1]' : host

  let closed = false
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    token,
    port,
    host,
    sources,
    core,
    async close() {
      if (closed) return
      closed = true
      await ws.close()
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      await core.shutdown()
      fs.rmSync(exportsDir, { recursive: true, force: true })
    },
  }
}
