// The answering side of the store worker's interface (storeOps.ts; Signal Desktop's ts/sql/
// Server.ts): the worker dispatches messages to it, the in-process service calls it directly.
// Its type is StoreOpHandlers, so it must answer every operation of StoreOpMap, with its types;
// the arguments below are typed from the map. Reads and writes go to the SourceHost, the
// collector's lifecycle to CollectorLifecycle, exports to ExportRunner.
import Database from 'better-sqlite3'
import { ContractError } from '../../shared/contract/errors'
import { encodeWireValue } from '../../shared/contract/wire'
import { CollectorLifecycle } from './collectorLifecycle'
import { ExportRunner } from './exportRunner'
import type { SourceHost } from './sourceHost'
import type { HostEvent, StoreOpHandlers } from './storeOps'

export interface HostOpsOptions {
  /** enables `spin` (a deliberate stall) for the watchdog tests */
  allowDebugOps?: boolean
}

export function createHostOps(
  host: SourceHost,
  emit: (e: HostEvent) => void,
  opts: HostOpsOptions = {},
): StoreOpHandlers {
  const exports = new ExportRunner(host, emit)
  const collector = new CollectorLifecycle(host)
  return {
    open: (req) => host.open(req),
    close: (a) => host.close(a.sourceId),
    closeAll: async () => {
      await collector.close().catch(() => undefined)
      await host.closeAll()
    },
    list: () => host.list(),
    query: (a) => host.query(a.sourceId, a.method, a.args),
    spanColumns: (a) => host.spanColumns(a.sourceId, a.query),
    spanColumnsWire: (a) => encodeWireValue(host.spanColumns(a.sourceId, a.query)),
    compareRuns: (a) => host.compareRuns(a.sourceId, a.sessionA, a.sessionB),
    groupStats: (a) => host.groupStats(a.sourceId, a.request),
    cohort: (a) => host.cohort(a.sourceId, a.request),
    resolveError: (a) => host.resolveError(a.sourceId, a.errorId, a.note),
    listTables: (a) => host.listTables(a.sourceId),
    tableRows: (a) => host.tableRows(a.sourceId, a.table, a.limit, a.cursor),
    ingest: (a) => host.ingest(a.sourceId, a.records),
    flush: (a) => host.writableStore(a.sourceId).flush(),
    tokens: () => host.tokens(),

    exportStart: (req) => exports.start(req),
    exportCount: (a) => exports.count(a),
    exportCancel: (a) => exports.cancel(a.exportId),

    collectorStart: (a) => collector.start(a),
    collectorStop: () => collector.stop(),
    collectorStatus: () => collector.status(),

    /**
     * Retention on the app's own store only: a file the person opened is theirs, and a foreign
     * one is read-only, so neither ever loses sessions to a setting.
     */
    maintainAppStore: (a) => {
      const opened = host.list().find((s) => s.sourceId === a.sourceId)
      if (!opened?.appStore) {
        throw new ContractError('forbidden', "Retention applies only to the app's own store.", {
          field: 'sourceId',
        })
      }
      return host.writableStore(a.sourceId).maintain({ retentionDays: a.retentionDays })
    },

    /** a deliberate synchronous stall: what a runaway query on a hostile file looks like */
    spin: (a) => {
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
    sqlStall: (a) => {
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
