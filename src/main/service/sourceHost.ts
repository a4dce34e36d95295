// Holds the open sources of one thread (a worker, or the caller's thread in-process) and
// answers operations on them synchronously. Every failure becomes a ContractError a person
// can read: which file, what went wrong.
import path from 'node:path'
import type { Span, TraceError } from '../../shared/domain'
import type { SpanQuery, TraceQueries } from '../../shared/queries'
import { ContractError } from '../../shared/contract/errors'
import { spansToColumns } from '../../shared/contract/spanColumns'
import { ColumnsReadAhead } from './columnsReadAhead'
import type { SpanColumns } from '../../shared/contract/spanColumns'
import type { RunComparison } from '../../shared/compare/runComparison'
import { compareSessions } from '../compare/compareSessions'
import { readStats, type StatsRequest, type StatsResult } from '../stats/readStats'
import { readCohort, type CohortAnswer, type CohortRequest } from '../stats/readCohort'
import { DEFAULT_PAGE, MAX_COLUMNS_PAGE, MAX_PAGE } from '../../shared/queries'
import type { TableRows, TableSummary } from '../../shared/contract/invoke'
import type { EnqueueResult } from '../store/storeApi'
import type {
  OpenRequest,
  HostedSource,
  SourceHandle,
  SourceOpener,
  TraceRecord,
} from './sourceTypes'

/** The read methods of TraceQueries a caller may invoke by name. */
export const QUERY_METHODS = [
  'info',
  'listSessions',
  'getSession',
  'listSpans',
  'getSpan',
  'sessionGraph',
  'listEvents',
  'listEventAgents',
  'listErrors',
  'listAgents',
  'listMessages',
  'listTasks',
  'listMemory',
  'listMetrics',
  'search',
  'stats',
  'usageRollup',
  'changeToken',
] as const satisfies ReadonlyArray<keyof TraceQueries>
export type QueryMethod = (typeof QUERY_METHODS)[number]

interface Entry {
  req: OpenRequest
  handle: SourceHandle
  opened: HostedSource
  /** the change token when opened: changes are measured from here */
  openToken: number
}

/** Turns what a source threw into a message that names the file. */
export function sourceFailure(err: unknown, file: string, doing: string): ContractError {
  if (err instanceof ContractError) return err
  const message = err instanceof Error ? err.message : String(err)
  return new ContractError('source-error', `${doing} ${path.basename(file)}: ${message}`)
}

export class SourceHost {
  private readonly sources = new Map<string, Entry>()

  /** the next columns page, read while the last one travels (worker only: see below) */
  private readonly readAhead: ColumnsReadAhead | null

  /**
   * `readAhead`: after answering a columns page, read the next one at once. For the worker,
   * where nothing else waits on the thread; not in-process, where it would hold up main.
   */
  constructor(
    private readonly opener: SourceOpener,
    opts: { readAhead?: boolean } = {},
  ) {
    this.readAhead = opts.readAhead ? new ColumnsReadAhead() : null
  }

  open(req: OpenRequest): HostedSource {
    const existing = this.sources.get(req.sourceId)
    if (existing) return existing.opened
    let handle: SourceHandle
    try {
      handle = this.opener.open(req.path, {
        appStore: req.appStore,
        appStoreReader: req.appStoreReader,
      })
    } catch (e) {
      throw sourceFailure(e, req.path, 'Cannot open')
    }
    const opened: HostedSource = {
      sourceId: req.sourceId,
      path: req.path,
      appStore: req.appStore === true,
      writable: handle.store !== null,
      info: handle.queries.info(),
    }
    let openToken = 0
    try {
      openToken = handle.queries.changeToken()
    } catch {
      // reported by the first real query
    }
    this.sources.set(req.sourceId, { req, handle, opened, openToken })
    return opened
  }

  async close(sourceId: string): Promise<boolean> {
    const entry = this.sources.get(sourceId)
    if (!entry) return false
    this.sources.delete(sourceId)
    this.readAhead?.forget(sourceId)
    await entry.handle.close()
    return true
  }

  async closeAll(): Promise<void> {
    const ids = [...this.sources.keys()]
    await Promise.allSettled(ids.map((id) => this.close(id)))
  }

  list(): HostedSource[] {
    return [...this.sources.values()].map((e) => e.opened)
  }

  has(sourceId: string): boolean {
    return this.sources.has(sourceId)
  }

  handle(sourceId: string): SourceHandle {
    return this.entry(sourceId).handle
  }

  private entry(sourceId: string): Entry {
    const entry = this.sources.get(sourceId)
    if (!entry) {
      throw new ContractError(
        'unknown-source',
        `No open source with id ${JSON.stringify(sourceId)}; it may have been closed.`,
        {
          field: 'sourceId',
        },
      )
    }
    return entry
  }

  query(sourceId: string, method: QueryMethod, args: unknown[]): unknown {
    const entry = this.entry(sourceId)
    if (!(QUERY_METHODS as readonly string[]).includes(method)) {
      throw new ContractError('unknown-channel', `Unknown query ${JSON.stringify(method)}`)
    }
    const q = entry.handle.queries as unknown as Record<string, (...a: unknown[]) => unknown>
    try {
      return q[method].apply(entry.handle.queries, clampPaging(args))
    } catch (e) {
      throw sourceFailure(e, entry.req.path, `Reading`)
    }
  }

  spanColumns(sourceId: string, q: SpanQuery): SpanColumns {
    if (!this.readAhead) return this.readColumns(sourceId, q)
    const queries = this.entry(sourceId).handle.queries
    return this.readAhead.page(sourceId, q, {
      read: (next) => this.readColumns(sourceId, next),
      // a file that cannot say whether it changed counts as changed: the page is read again,
      // and its error, if any, is answered as every read's is
      token: () => {
        try {
          return queries.changeToken()
        } catch {
          return NaN
        }
      },
    })
  }

  private readColumns(sourceId: string, q: SpanQuery): SpanColumns {
    const entry = this.entry(sourceId)
    const want = Math.max(1, Math.min(MAX_COLUMNS_PAGE, Math.floor(q.limit ?? DEFAULT_PAGE)))
    const queries = entry.handle.queries
    if (queries.listSpanColumns) {
      try {
        return queries.listSpanColumns({ ...q, limit: want })
      } catch (e) {
        throw sourceFailure(e, entry.req.path, `Reading`)
      }
    }
    // another tool's file: its listSpans pages, as many as the columns page holds; without
    // attributes the store skips reading the payload column. A short page (a filter the source
    // evaluates in JavaScript) ends the call, as it did with one listSpans page.
    const items: Span[] = []
    let cursor = q.cursor ?? null
    let full = true
    do {
      const limit = Math.min(MAX_PAGE, want - items.length)
      const lean: SpanQuery = { ...q, cursor, limit, withAttributes: false }
      const page = this.query(sourceId, 'listSpans', [lean]) as ReturnType<
        TraceQueries['listSpans']
      >
      for (const s of page.items) items.push(s)
      cursor = page.nextCursor
      full = page.items.length === limit
    } while (cursor && full && items.length < want)
    return spansToColumns(items, cursor)
  }

  compareRuns(sourceId: string, sessionA: string, sessionB: string): RunComparison {
    const entry = this.entry(sourceId)
    try {
      return compareSessions(entry.handle.queries, sessionA, sessionB)
    } catch (e) {
      throw sourceFailure(e, entry.req.path, 'Comparing runs in')
    }
  }

  groupStats(sourceId: string, req: StatsRequest): StatsResult {
    const entry = this.entry(sourceId)
    try {
      const r = readStats(entry.handle.queries, req)
      // one page, like every channel
      return { ...r, groups: r.groups.slice(0, MAX_PAGE) }
    } catch (e) {
      throw sourceFailure(e, entry.req.path, 'Statistics of')
    }
  }

  cohort(sourceId: string, req: CohortRequest): CohortAnswer {
    const entry = this.entry(sourceId)
    try {
      return readCohort(entry.handle.queries, req)
    } catch (e) {
      throw sourceFailure(e, entry.req.path, 'Comparing spans in')
    }
  }

  resolveError(sourceId: string, errorId: string, note: string): TraceError | null {
    const entry = this.entry(sourceId)
    try {
      return entry.handle.resolveError(errorId, note)
    } catch (e) {
      throw sourceFailure(e, entry.req.path, 'Cannot resolve the error in')
    }
  }

  listTables(sourceId: string): TableSummary[] {
    const entry = this.entry(sourceId)
    try {
      return entry.handle.listTables()
    } catch (e) {
      throw sourceFailure(e, entry.req.path, 'Cannot list the tables of')
    }
  }

  tableRows(sourceId: string, table: string, limit: number, cursor: string | null): TableRows {
    const entry = this.entry(sourceId)
    try {
      return entry.handle.tableRows(table, Math.min(limit, MAX_PAGE), cursor)
    } catch (e) {
      throw sourceFailure(e, entry.req.path, `Cannot read table ${table} of`)
    }
  }

  writableStore(sourceId: string) {
    const entry = this.entry(sourceId)
    if (!entry.handle.store) {
      throw new ContractError(
        'forbidden',
        `${path.basename(entry.req.path)} is open read-only; records go to the app's own store.`,
        {
          field: 'sourceId',
        },
      )
    }
    return entry.handle.store
  }

  ingest(sourceId: string, records: TraceRecord[]): EnqueueResult {
    return this.writableStore(sourceId).enqueue(records)
  }

  /** the token a source had when it was opened, the poller's baseline */
  openToken(sourceId: string): number | undefined {
    return this.sources.get(sourceId)?.openToken
  }

  /** change tokens of every open source, for the live-update poller */
  tokens(): Array<[string, number]> {
    const out: Array<[string, number]> = []
    for (const [id, e] of this.sources) {
      try {
        out.push([id, e.handle.queries.changeToken()])
      } catch {
        // a vanished file keeps its last token; the next query reports the real error
      }
    }
    return out
  }
}

/** No page beyond MAX_PAGE, whoever asks (the schema already says so for IPC callers). */
function clampPaging(args: unknown[]): unknown[] {
  const first = args[0]
  if (first && typeof first === 'object' && 'limit' in first) {
    const limit = (first as { limit?: unknown }).limit
    if (typeof limit === 'number' && limit > MAX_PAGE)
      return [{ ...first, limit: MAX_PAGE }, ...args.slice(1)]
  }
  return args
}
