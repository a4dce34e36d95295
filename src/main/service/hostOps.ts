// The answering side of the store worker's interface (storeOps.ts; Signal Desktop's ts/sql/
// Server.ts): the worker dispatches messages to it, the in-process service calls it directly.
// Its type is StoreOpHandlers, so it must answer every operation of StoreOpMap, with its types.
import fs from 'node:fs'
import Database from 'better-sqlite3'
import type { SpanQuery } from '../../shared/queries'
import { ContractError } from '../../shared/contract/errors'
import { startCollector } from '../collector'
import type { CollectorHandle } from '../collector'
import { Forwarder, forwardQueueFileFor } from '../forward'
import type { ForwardTarget } from '../../shared/forwardTargets'
import type { MaintenanceReport } from '../store/storeApi'
import { exportTraces } from '../exchange/exportTraces'
import { countExport } from '../exchange/exportCount'
import type { ExportFormat, ExportResult } from '../exchange/exportTraces'
import type { TraceFilter } from '../exchange/filters'
import type { QueryMethod, SourceHost } from './sourceHost'
import type { StatsRequest } from '../stats/readStats'
import type { CohortRequest } from '../stats/readCohort'
import { sourceFailure } from './sourceHost'
import type { OpenRequest, TraceRecord } from './sourceTypes'
import type { CollectorStatus, ExportRequest, HostEvent, StoreOpHandlers } from './storeOps'

export interface HostOpsOptions {
  /** enables `spin` (a deliberate stall) for the watchdog tests */
  allowDebugOps?: boolean
}

export function createHostOps(
  host: SourceHost,
  emit: (e: HostEvent) => void,
  opts: HostOpsOptions = {},
): StoreOpHandlers {
  const exports = new Map<string, AbortController>()
  let collector: {
    sourceId: string
    handle: CollectorHandle
    forwarder: Forwarder | null
  } | null = null
  const stopCollector = async (): Promise<void> => {
    const c = collector
    collector = null
    if (!c) return
    await c.handle.close()
    await c.forwarder?.close()
  }
  return {
    open: (req: OpenRequest) => host.open(req),
    close: (a: { sourceId: string }) => host.close(a.sourceId),
    closeAll: async () => {
      await stopCollector().catch(() => undefined)
      await host.closeAll()
    },
    list: () => host.list(),
    query: (a: { sourceId: string; method: QueryMethod; args: unknown[] }) =>
      host.query(a.sourceId, a.method, a.args),
    spanColumns: (a: { sourceId: string; query: SpanQuery }) =>
      host.spanColumns(a.sourceId, a.query),
    compareRuns: (a: { sourceId: string; sessionA: string; sessionB: string }) =>
      host.compareRuns(a.sourceId, a.sessionA, a.sessionB),
    groupStats: (a: { sourceId: string; request: StatsRequest }) =>
      host.groupStats(a.sourceId, a.request),
    cohort: (a: { sourceId: string; request: CohortRequest }) => host.cohort(a.sourceId, a.request),
    resolveError: (a: { sourceId: string; errorId: string; note: string }) =>
      host.resolveError(a.sourceId, a.errorId, a.note),
    listTables: (a: { sourceId: string }) => host.listTables(a.sourceId),
    tableRows: (a: { sourceId: string; table: string; limit: number; cursor: string | null }) =>
      host.tableRows(a.sourceId, a.table, a.limit, a.cursor),
    ingest: (a: { sourceId: string; records: TraceRecord[] }) => host.ingest(a.sourceId, a.records),
    flush: (a: { sourceId: string }) => host.writableStore(a.sourceId).flush(),
    tokens: () => host.tokens(),

    async exportStart(req: ExportRequest): Promise<ExportResult> {
      const handle = host.handle(req.sourceId)
      const controller = new AbortController()
      exports.set(req.exportId, controller)
      const partial = `${req.destPath}.partial`
      const out = fs.createWriteStream(partial)
      try {
        const result = await exportTraces(handle.queries, req.filter, req.format, out, {
          signal: controller.signal,
          onProgress: (progress) =>
            emit({ type: 'exportProgress', exportId: req.exportId, progress }),
        })
        await new Promise<void>((resolve, reject) => {
          out.once('error', reject)
          out.end(resolve)
        })
        await fs.promises.rename(partial, req.destPath)
        return result
      } catch (e) {
        out.destroy()
        await fs.promises.rm(partial, { force: true })
        if (controller.signal.aborted) throw new ContractError('not-found', 'Export cancelled')
        throw sourceFailure(
          e,
          host.list().find((s) => s.sourceId === req.sourceId)?.path ?? '',
          'Export failed for',
        )
      } finally {
        exports.delete(req.exportId)
      }
    },
    exportCount(a: { sourceId: string; filter: TraceFilter; format: ExportFormat }) {
      return countExport(host.handle(a.sourceId).queries, a.filter, a.format)
    },
    exportCancel(a: { exportId: string }): boolean {
      const c = exports.get(a.exportId)
      if (!c) return false
      c.abort()
      return true
    },

    /**
     * The OTLP/HTTP collector runs beside the store it writes to, so decoding and writing
     * 50,000 spans/s never touch main's event loop.
     */
    async collectorStart(a: { sourceId: string; port: number; forward?: ForwardTarget[] }) {
      const store = host.writableStore(a.sourceId)
      await stopCollector()
      // the queue sits beside the app's store, so what the upstream missed survives a restart
      const forwarder = a.forward?.length
        ? new Forwarder({
            targets: a.forward,
            queueFile: forwardQueueFileFor(store.path),
            maxQueueBytes: 256 * 1024 * 1024,
            onEvent: (e) => {
              if (e.type === 'dropped' || e.type === 'rejected')
                process.stderr.write(
                  `[tracescope] forward ${e.endpoint}: ${e.type}: ${'detail' in e ? e.detail : ''}\n`,
                )
            },
          })
        : null
      let handle: CollectorHandle
      try {
        handle = await startCollector({
          store,
          port: a.port,
          ...(forwarder ? { forward: forwarder.enqueue.bind(forwarder) } : {}),
        })
      } catch (e) {
        await forwarder?.close()
        throw e
      }
      collector = { sourceId: a.sourceId, handle, forwarder }
      return { url: handle.url, port: handle.port }
    },
    async collectorStop(): Promise<boolean> {
      if (!collector) return false
      await stopCollector()
      return true
    },
    collectorStatus(): CollectorStatus | null {
      return collector
        ? {
            url: collector.handle.url,
            port: collector.handle.port,
            stats: collector.handle.stats(),
            forward: collector.forwarder?.stats() ?? [],
          }
        : null
    },

    /**
     * Retention on the app's own store only: a file the person opened is theirs, and a foreign
     * one is read-only, so neither ever loses sessions to a setting.
     */
    async maintainAppStore(a: {
      sourceId: string
      retentionDays: number
    }): Promise<MaintenanceReport> {
      const opened = host.list().find((s) => s.sourceId === a.sourceId)
      if (!opened?.appStore) {
        throw new ContractError('forbidden', "Retention applies only to the app's own store.", {
          field: 'sourceId',
        })
      }
      return host.writableStore(a.sourceId).maintain({ retentionDays: a.retentionDays })
    },

    /** a deliberate synchronous stall: what a runaway query on a hostile file looks like */
    spin(a: { ms: number }): number {
      if (!opts.allowDebugOps) throw new ContractError('forbidden', 'debug operations are off')
      const until = Date.now() + a.ms
      let n = 0
      while (Date.now() < until) n++
      return n
    },

    /**
     * A runaway query inside SQLite on the source's own file: a recursive CTE that never ends,
     * on a read-only connection of its own. Only killing the process stops it.
     */
    sqlStall(a: { sourceId: string }): number {
      if (!opts.allowDebugOps) throw new ContractError('forbidden', 'debug operations are off')
      const opened = host.list().find((s) => s.sourceId === a.sourceId)
      if (!opened) throw new ContractError('unknown-source', `no source ${a.sourceId}`)
      const db = new Database(opened.path, { readonly: true, fileMustExist: true })
      try {
        return db
          .prepare(
            'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c',
          )
          .pluck()
          .get() as number
      } finally {
        db.close()
      }
    },
  }
}
