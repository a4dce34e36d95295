// Everything behind the transports, wired once: store service, open sources, path grants,
// live hub, prefs, exports, and the handler table. Electron main and `serve` each make one.
import { installUserPrices } from '../userPrices'
import type { CallerContext, HandlerTable } from '../../shared/contract/api'
import type { Envelope } from '../../shared/contract/errors'
import type { EventChannel } from '../../shared/contract/events'
import type { AppInfo, SourceSummary } from '../../shared/contract/invoke'
import type { Settings } from '../../shared/contract/schemas'
import { AppPrefs } from './appPrefs'
import { dispatchInvoke } from './dispatch'
import { ExportJobs } from './exportJobs'
import type { ChooseExportDestination } from './exportJobs'
import { PathGrants } from './grants'
import { createHandlers } from './handlers'
import { LiveHub } from './liveHub'
import type { EventSink, LiveHubOptions } from './liveHub'
import { RetentionScheduler } from './retention'
import type { RetentionOptions } from './retention'
import { SourceRegistry } from './sourceRegistry'
import type { StoreService } from './storeService'
import { sessionQuietMs } from '../../shared/sessionStatusRule'

export interface AppCoreOptions {
  service: StoreService
  mode: AppInfo['mode']
  version?: string
  /** where settings.json and recent-files.json live; null keeps them in memory */
  prefsDir: string | null
  /** settings before the user saved any: the desktop app receives OTLP out of the box, while
   *  `serve` (often several at once, beside a running app) leaves port 4318 alone */
  defaultSettings?: Settings
  chooseExportDestination?: ChooseExportDestination | null
  openDialog?: ((ctx: CallerContext) => Promise<string | null>) | null
  live?: LiveHubOptions
  retention?: RetentionOptions
}

export interface AppCore {
  readonly service: StoreService
  readonly registry: SourceRegistry
  readonly grants: PathGrants
  readonly hub: LiveHub
  readonly prefs: AppPrefs
  readonly exports: ExportJobs
  readonly retention: RetentionScheduler
  readonly handlers: HandlerTable
  dispatch(channel: unknown, input: unknown, ctx: CallerContext): Promise<Envelope<unknown>>
  /** a window or page appeared: events for it go to `sink` */
  connect(callerId: string, sink: EventSink): void
  /** it went away: its subscriptions end, its files close unless someone else has them */
  disconnect(callerId: string): Promise<void>
  /** main opens a file for everyone and keeps it open (app store, `serve --db`) */
  openPinned(file: string, opts?: { appStore?: boolean }): Promise<SourceSummary>
  /** main opens a file into one window (command line, second launch) and tells it */
  openFor(callerId: string, file: string): Promise<SourceSummary>
  /** start the collector if the settings say so, apply retention and schedule it daily
   *  (both need the app store open) */
  applyStartupSettings(): Promise<void>
  shutdown(): Promise<void>
}

export function createAppCore(opts: AppCoreOptions): AppCore {
  const { service } = opts
  const registry = new SourceRegistry(service)
  const grants = new PathGrants()
  const hub = new LiveHub(service, opts.live)
  const prefs = new AppPrefs(opts.prefsDir, opts.defaultSettings)
  installUserPrices()
  const retention = new RetentionScheduler(service, registry, prefs, opts.retention)
  const send = (callerId: string, channel: EventChannel, payload: unknown) =>
    hub.send(callerId, channel, payload)
  const exports = new ExportJobs(
    service,
    (callerId, p) => send(callerId, 'export.progress', p),
    opts.chooseExportDestination ?? null,
  )
  for (const r of prefs.recentFiles()) grants.grant(null, r.path)
  const info: AppInfo = {
    mode: opts.mode,
    version: opts.version ?? '0.0.0',
    platform: process.platform,
    capabilities: {
      openDialog: !!opts.openDialog,
      saveDialog: opts.mode === 'electron' && !!opts.chooseExportDestination,
      downloadExports: opts.mode === 'browser',
      collector: false,
    },
    quietMs: sessionQuietMs(),
  }
  const connected = new Set<string>()
  const handlers = createHandlers({
    service,
    registry,
    grants,
    hub,
    prefs,
    exports,
    retention,
    info,
    openDialog: opts.openDialog ?? null,
    broadcast: (channel, payload, except) => {
      for (const c of connected) if (c !== except) send(c, channel, payload)
    },
  })
  service.onSourceLost((sourceId, reason) => {
    hub.dropSource(sourceId)
    for (const c of connected) send(c, 'sources.closed', { sourceId, reason })
  })

  return {
    service,
    registry,
    grants,
    hub,
    prefs,
    exports,
    retention,
    handlers,
    dispatch: (channel, input, ctx) => dispatchInvoke(handlers, channel, input, ctx),
    connect(callerId, sink) {
      connected.add(callerId)
      hub.connect(callerId, sink)
    },
    async disconnect(callerId) {
      connected.delete(callerId)
      hub.disconnect(callerId)
      grants.forget(callerId)
      await registry.releaseAll(callerId)
    },
    async openPinned(file, o = {}) {
      const summary = await registry.open(file, { owner: null, pinned: true, appStore: o.appStore })
      grants.grant(null, summary.path)
      if (o.appStore) info.capabilities.collector = true
      return summary
    },
    async openFor(callerId, file) {
      grants.grant(callerId, file)
      const summary = await registry.open(file, { owner: callerId })
      prefs.addRecent(summary.path)
      send(callerId, 'sources.opened', summary)
      return summary
    },
    async applyStartupSettings() {
      const s = prefs.getSettings()
      const app = registry.appStore()
      if (s.collector.enabled && app) {
        await service
          .collectorStart(app.sourceId, s.collector.port, s.collector.forward)
          .catch((e: Error) => {
            process.stderr.write(`[tracescope] collector not started: ${e.message}\n`)
          })
      }
      retention.start()
    },
    async shutdown() {
      hub.close()
      await retention.stop()
      await service.shutdown()
    },
  }
}
