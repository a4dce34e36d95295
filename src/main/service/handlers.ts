// The handler table: one function per invoke channel, inputs already validated by dispatch.
// Every transport (Electron, browser, in-process) serves exactly this table.
import { saveUserPrice, userPrices } from '../userPrices'
import type { CallerContext, HandlerTable } from '../../shared/contract/api'
import { ContractError } from '../../shared/contract/errors'
import type { BroadcastChannel } from '../../shared/contract/events'
import type { AppInfo } from '../../shared/contract/invoke'
import type { Settings } from '../../shared/contract/schemas'
import { mergeSettings } from './appPrefs'
import type { AppPrefs } from './appPrefs'
import { toTraceFilter, type ExportJobs } from './exportJobs'
import { exportFileName } from '../../shared/exportFileName'
import type { PathGrants } from './grants'
import type { LiveHub } from './liveHub'
import type { RetentionScheduler } from './retention'
import type { SourceRegistry } from './sourceRegistry'
import type { StoreService } from './storeService'

export interface HandlerDeps {
  service: StoreService
  registry: SourceRegistry
  grants: PathGrants
  hub: LiveHub
  prefs: AppPrefs
  exports: ExportJobs
  retention: RetentionScheduler
  info: AppInfo
  /** Electron: File > Open; null elsewhere */
  openDialog: ((ctx: CallerContext) => Promise<string | null>) | null
  /** sends an event to every connected window and page but `except` */
  broadcast?: (channel: BroadcastChannel, payload: unknown, except: string) => void
}

/** strips the routing field so the rest is exactly the source's query */
function q<T extends { sourceId: string }>(input: T): Omit<T, 'sourceId'> {
  const { sourceId: _s, ...rest } = input
  return rest
}

export function createHandlers(d: HandlerDeps): HandlerTable {
  const { service, registry } = d

  function source(ctx: CallerContext, sourceId: string): string {
    if (!registry.canAccess(sourceId, ctx.callerId)) {
      throw new ContractError(
        'unknown-source',
        `No open source with id ${JSON.stringify(sourceId)} in this window.`,
        {
          field: 'sourceId',
        },
      )
    }
    return sourceId
  }

  async function openGranted(ctx: CallerContext, file: string) {
    if (!d.grants.isGranted(ctx.callerId, file)) {
      throw new ContractError(
        'forbidden',
        'That file was not chosen in a dialog, dropped on the window, or given on the command line.',
        { field: 'path' },
      )
    }
    const summary = await registry.open(file, { owner: ctx.callerId })
    d.prefs.addRecent(summary.path)
    d.grants.grant(null, summary.path)
    return summary
  }

  async function applyCollector(next: Settings, before: Settings): Promise<void> {
    const changed =
      next.collector.enabled !== before.collector.enabled ||
      next.collector.port !== before.collector.port ||
      JSON.stringify(next.collector.forward) !== JSON.stringify(before.collector.forward)
    if (!changed) return
    const app = registry.appStore()
    if (!app) {
      if (next.collector.enabled)
        throw new ContractError(
          'unavailable',
          "The collector needs the app's own store, which is not open in this mode.",
        )
      return
    }
    await service.collectorStop(app.sourceId)
    if (next.collector.enabled) {
      try {
        await service.collectorStart(app.sourceId, next.collector.port, next.collector.forward)
      } catch (e) {
        throw new ContractError(
          'unavailable',
          `Cannot start the collector: ${(e as Error).message}`,
          {
            field: 'collector.port',
          },
        )
      }
    }
  }

  return {
    'source.info': async (i, ctx) => service.query(source(ctx, i.sourceId), 'info'),
    'source.stats': async (i, ctx) =>
      service.query(
        source(ctx, i.sourceId),
        'stats',
        i.hours === undefined ? undefined : { hours: i.hours },
      ),
    'sessions.list': async (i, ctx) => service.query(source(ctx, i.sourceId), 'listSessions', q(i)),
    'sessions.get': async (i, ctx) =>
      service.query(source(ctx, i.sourceId), 'getSession', i.sessionId),
    'usage.rollup': async (i, ctx) =>
      service.query(source(ctx, i.sourceId), 'usageRollup', i.sessionId),
    'sessions.graph': async (i, ctx) =>
      service.query(source(ctx, i.sourceId), 'sessionGraph', i.sessionId),
    'spans.list': async (i, ctx) => service.query(source(ctx, i.sourceId), 'listSpans', q(i)),
    // a page's browser answer is encoded where it is read (wsTransport sends its bytes as they
    // are); Electron's IPC and in-process callers take the columns themselves
    'spans.columns': async (i, ctx) =>
      ctx.transport === 'browser'
        ? service.spanColumnsWire(source(ctx, i.sourceId), q(i))
        : service.spanColumns(source(ctx, i.sourceId), q(i)),
    'spans.get': async (i, ctx) =>
      service.query(source(ctx, i.sourceId), 'getSpan', i.sessionId, i.spanId),
    'events.list': async (i, ctx) => service.query(source(ctx, i.sourceId), 'listEvents', q(i)),
    'events.agents': async (i, ctx) =>
      service.query(source(ctx, i.sourceId), 'listEventAgents', i.sessionId),
    'errors.list': async (i, ctx) => service.query(source(ctx, i.sourceId), 'listErrors', q(i)),
    'agents.list': async (i, ctx) => service.query(source(ctx, i.sourceId), 'listAgents', q(i)),
    'messages.list': async (i, ctx) => service.query(source(ctx, i.sourceId), 'listMessages', q(i)),
    'tasks.list': async (i, ctx) => service.query(source(ctx, i.sourceId), 'listTasks', q(i)),
    'memory.list': async (i, ctx) => service.query(source(ctx, i.sourceId), 'listMemory', q(i)),
    'metrics.list': async (i, ctx) => service.query(source(ctx, i.sourceId), 'listMetrics', q(i)),
    search: async (i, ctx) => service.query(source(ctx, i.sourceId), 'search', q(i)),
    'stats.groups': async (i, ctx) =>
      service.groupStats(source(ctx, i.sourceId), {
        groupBy: i.groupBy,
        since: i.since,
        sessionId: i.sessionId,
        windowMs: i.windowMs,
        where: i.where,
        slowestOf: i.key,
      }),
    'stats.cohort': async (i, ctx) =>
      service.cohort(source(ctx, i.sourceId), {
        selection: i.selection,
        name: i.name,
        since: i.since,
        limit: i.limit,
      }),
    'runs.compare': async (i, ctx) =>
      service.compareRuns(source(ctx, i.sourceId), i.sessionA, i.sessionB),

    'tables.list': async (i, ctx) => service.listTables(source(ctx, i.sourceId)),
    'tables.rows': async (i, ctx) =>
      service.tableRows(source(ctx, i.sourceId), i.table, i.limit ?? 200, i.cursor ?? null),

    'sources.open': async (i, ctx) => openGranted(ctx, i.path),
    'sources.openDialog': async (_i, ctx) => {
      if (!d.openDialog)
        throw new ContractError(
          'unavailable',
          'There is no file dialog in browser mode; start `tracescope serve --db <file>` instead.',
        )
      const file = await d.openDialog(ctx)
      if (!file) return null
      d.grants.grant(ctx.callerId, file)
      return openGranted(ctx, file)
    },
    'sources.list': async (_i, ctx) => registry.list(ctx.callerId),
    'sources.close': async (i, ctx) => {
      source(ctx, i.sourceId)
      const closed = await registry.release(i.sourceId, ctx.callerId)
      if (closed) d.hub.dropSource(i.sourceId)
      return { closed }
    },

    'errors.resolve': async (i, ctx) => {
      const resolved = await service.resolveError(source(ctx, i.sourceId), i.errorId, i.note)
      if (!resolved)
        throw new ContractError('not-found', `No error with id ${JSON.stringify(i.errorId)}`, {
          field: 'errorId',
        })
      return resolved
    },
    'export.start': async (i, ctx) => {
      const summary = registry.get(source(ctx, i.sourceId))
      return d.exports.start(ctx, {
        sourceId: i.sourceId,
        sourceName: summary?.name ?? 'traces',
        filter: i.filter,
        format: i.format,
      })
    },
    'export.count': async (i, ctx) => {
      const sourceId = source(ctx, i.sourceId)
      const counted = await service.countExport(sourceId, toTraceFilter(i.filter), i.format)
      const name = registry.get(sourceId)?.name ?? 'traces'
      return { ...counted, fileName: exportFileName(name, i.filter, i.format) }
    },
    'export.cancel': async (i, ctx) => ({ cancelled: await d.exports.cancel(ctx, i.exportId) }),

    'prices.get': async () => userPrices(),
    'prices.set': async (i, ctx) => {
      let saved: ReturnType<typeof saveUserPrice>
      try {
        saved = saveUserPrice(i.model, i.price)
      } catch (e) {
        throw new ContractError('invalid-input', (e as Error).message, { field: 'price' })
      }
      // the other windows and tabs show costs priced with the old table until told
      d.broadcast?.('prices.changed', saved, ctx.callerId)
      return saved
    },
    'settings.get': async () => d.prefs.getSettings(),
    'settings.status': async () => d.prefs.settingsStatus(),
    'settings.set': async (patch) => {
      const before = d.prefs.getSettings()
      const next = mergeSettings(before, patch)
      const retentionChanged = next.retentionDays !== before.retentionDays
      if (retentionChanged && next.retentionDays !== null && !registry.appStore()) {
        throw new ContractError(
          'unavailable',
          "Retention applies to the app's own store, which is not open in this mode.",
          { field: 'retentionDays' },
        )
      }
      await applyCollector(next, before)
      const saved = d.prefs.setSettings(next)
      // saved first: a failed run is retried by the daily timer with the new setting
      if (retentionChanged) {
        await d.retention.run().catch((e: Error) => {
          throw new ContractError(
            'source-error',
            `Settings saved, but old sessions could not be deleted: ${e.message}`,
            { field: 'retentionDays' },
          )
        })
      }
      return saved
    },
    'collector.status': async () => {
      const app = registry.appStore()
      return app ? service.collectorStatus(app.sourceId) : null
    },
    'app.recentFiles': async () => d.prefs.recentFiles(),
    'app.info': async () => d.info,

    'live.subscribe': async (i, ctx) => {
      source(ctx, i.sourceId)
      return { subscriptionId: d.hub.subscribe(ctx.callerId, i) }
    },
    'live.unsubscribe': async (i, ctx) => ({
      unsubscribed: d.hub.unsubscribe(ctx.callerId, i.subscriptionId),
    }),
    'live.ack': async (i, ctx) => ({ acked: d.hub.ack(ctx.callerId, i.subscriptionId, i.seq) }),
  }
}
