// A native Tracescope store opened through openSource: read-only, from the file safeOpen chose
// (a private snapshot when reading in place would create -wal/-shm beside the user's file or the
// folder is read-only), answering like every other source: failures are SourceQueryErrors naming
// the user's file (not the snapshot), info() names the user's file.
import type { SourceInfo, TraceQueries } from '../../shared/queries'
import type { TraceStore } from '../store/storeApi'
import { StoreError } from '../store/storeErrors'
import { openStore } from '../store/traceStore'
import type { SafeConnection } from './safeOpen'
import { explainOpenFailure, explainQueryFailure } from './sourceErrors'

/** the SQLite error under a StoreError: its message names the snapshot, not the user's file */
const rootCause = (err: unknown): unknown =>
  err instanceof StoreError && err.cause !== undefined ? err.cause : err

/** Every query method, with failures re-thrown as SourceQueryError naming `file`. */
function namedQueries(store: TraceStore, file: string, notes: string[]): TraceQueries {
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
    getSpan: guard('a span', (s, id) => store.getSpan(s, id)),
    sessionGraph: guard('a session graph', (id) => store.sessionGraph(id)),
    listEvents: guard('events', (q) => store.listEvents(q)),
    listErrors: guard('errors', (q) => store.listErrors(q)),
    listAgents: guard('agents', (q) => store.listAgents(q)),
    listMessages: guard('messages', (q) => store.listMessages(q)),
    listTasks: guard('tasks', (q) => store.listTasks(q)),
    listMemory: guard('memory entries', (q) => store.listMemory(q)),
    listMetrics: guard('metrics', (q) => store.listMetrics(q)),
    search: guard('search results', (q) => store.search(q)),
    stats: guard('statistics', (o) => store.stats(o)),
    changeToken: guard('the change counter', () => store.changeToken()),
    close: () => void store.close(),
  }
}

export interface NativeSource {
  queries: TraceQueries
  close(): void
}

/** Takes over `conn` (closed, with its snapshot, when the source closes or opening fails). */
export function openNativeSource(conn: SafeConnection): NativeSource {
  let store: TraceStore
  try {
    store = openStore(conn.snapshotPath ?? conn.realPath, { readOnly: true })
  } catch (err) {
    conn.close()
    throw explainOpenFailure(conn.path, rootCause(err))
  }
  const queries = namedQueries(store, conn.path, conn.notes)
  let closed = false
  const close = (): void => {
    if (closed) return
    closed = true
    // a read-only store has no writer queue: its close() has closed the connection on return
    void store.close()
    conn.close()
  }
  return { queries: { ...queries, close }, close }
}
