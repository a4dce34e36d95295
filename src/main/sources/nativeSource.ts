// A Tracescope store a user opened to look at: read through the hardened connection safeOpen
// made (read-only, trusted_schema=OFF, cell_size_check, no memory map, immutable while no writer
// has it), answering like every other source: failures are SourceQueryErrors naming the file.
// Its errors are resolved in the overlay, as for other tools' files: the file is never written.
import type { SourceInfo } from '../../shared/queries'
import type { TraceStore } from '../store/storeApi'
import { StoreError } from '../store/storeErrors'
import { openStore } from '../store/traceStore'
import type { OverlayBase } from './resolutionOverlay'
import type { SafeConnection } from './safeOpen'
import { explainOpenFailure, explainQueryFailure } from './sourceErrors'
import { nativeGroupStats } from './nativeGroupStats'
import { needsAttributes, parseFilterOrThrow } from '../../shared/filter'
import { compileFilterSql } from '../store/filterSql'
import { Dictionary } from '../store/dictionary'
import { QueryContext } from '../store/queryContext'

/** the SQLite error under a StoreError, so the message names the file and its code */
const rootCause = (err: unknown): unknown =>
  err instanceof StoreError && err.cause !== undefined ? err.cause : err

/** Every query method, with failures re-thrown as SourceQueryError naming `file`. */
function namedQueries(
  store: TraceStore,
  db: SafeConnection['db'],
  file: string,
  notes: string[],
): OverlayBase {
  let context: QueryContext | null = null
  const filterContext = (): QueryContext =>
    (context ??= new QueryContext(db, new Dictionary(db, true)))
  const guard =
    <A extends unknown[], R>(what: string, fn: (...a: A) => R) =>
    (...a: A): R => {
      try {
        return fn(...a)
      } catch (err) {
        throw explainQueryFailure(file, rootCause(err), what)
      }
    }
  return {
    info: guard('the table list', (): SourceInfo => {
      const i = store.info()
      return { ...i, path: file, readOnly: true, notes: [...notes, ...i.notes] }
    }),
    listSessions: guard('sessions', (q) => store.listSessions(q)),
    getSession: guard('a session', (id) => store.getSession(id)),
    listSpans: guard('spans', (q) => store.listSpans(q)),
    listSpanColumns: guard('spans', (q) => store.listSpanColumns(q)),
    getSpan: guard('a span', (s, id) => store.getSpan(s, id)),
    sessionGraph: guard('a session graph', (id) => store.sessionGraph(id)),
    listEvents: guard('events', (q) => store.listEvents(q)),
    listEventAgents: guard('the agents of log lines', (id) => store.listEventAgents(id)),
    listErrors: guard('errors', (q) => store.listErrors(q)),
    listAgents: guard('agents', (q) => store.listAgents(q)),
    listMessages: guard('messages', (q) => store.listMessages(q)),
    listTasks: guard('tasks', (q) => store.listTasks(q)),
    listMemory: guard('memory entries', (q) => store.listMemory(q)),
    listMetrics: guard('metrics', (q) => store.listMetrics(q)),
    search: guard('search results', (q) => store.search(q)),
    stats: guard('statistics', (o) => store.stats(o)),
    groupStats: guard('statistics', (r) => {
      if (!r.where) return nativeGroupStats(db, r)
      // a filter on what the row holds is SQL, as listSpans compiles it; one that reads the
      // attributes or free text is left to readStats' fold of listSpans
      const filter = parseFilterOrThrow(r.where)
      if (filter === null || needsAttributes(filter)) return null
      return nativeGroupStats(db, r, compileFilterSql(filterContext(), filter))
    }),
    cohort: guard('a cohort comparison', (r) => store.cohort(r)),
    usageRollup: guard('tokens and cost', (id) => store.usageRollup(id)),
    changeToken: guard('the change counter', () => store.changeToken()),
    findError: guard('an error', (id) => store.findError(id)),
    close: () => void store.close(),
  }
}

/** Takes over `conn` (closed when the returned queries close, or when opening fails). */
export function openNativeSource(conn: SafeConnection): OverlayBase {
  let store: TraceStore
  try {
    store = openStore(conn.realPath, { readOnly: true, connection: conn.db })
  } catch (err) {
    conn.close()
    throw explainOpenFailure(conn.path, rootCause(err))
  }
  const queries = namedQueries(store, conn.db, conn.path, conn.notes)
  let closed = false
  const close = (): void => {
    if (closed) return
    closed = true
    // a read-only store has no writer queue: its close() returns at once, the connection is conn's
    void store.close()
    conn.close()
  }
  return { ...queries, close }
}
