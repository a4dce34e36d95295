// The one opener of a file a user opens to look at (the app, `serve`, the CLI's reading commands,
// `import`, `tail`): detect what it is, then hand back the TraceQueries of the matching adapter —
// Tracescope's own format included — over one hardened read-only connection (safeOpen), with
// error resolutions kept in Tracescope's overlay file. The file is never written, whatever it is.
// A file read as immutable (no writer yet) is followed: see followedSource.ts.
// Unknown files throw UnknownSourceError; the app then offers openTableBrowser().
import type { TraceError } from '../../shared/domain'
import type { SourceKind, TraceQueries } from '../../shared/queries'
import { ClaudeFlowEventsSource } from './claudeFlowEventsSource'
import { ClaudeFlowSource } from './claudeFlowSource'
import { DdeutilSource } from './ddeutilSource'
import { detectSource, type Detection } from './detectSource'
import { FlujoSource } from './flujoSource'
import { withWhere } from './filteredSpans'
import { fileSignature, followWriter } from './followedSource'
import type { ForeignSource } from './foreignSource'
import { MoaiSource } from './moaiSource'
import { withReadSnapshot } from './readSnapshot'
import { withReadTimeUsage } from './readTimeUsage'
import { openNativeSource } from './nativeSource'
import {
  withResolutionOverlay,
  type OverlayBase,
  type ResolutionOverlay,
} from './resolutionOverlay'
import { safeOpen, type ReadMode, type SafeConnection } from './safeOpen'
import { SessionStoreSource } from './sessionStoreSource'
import { SourceOpenError, explainOpenFailure } from './sourceErrors'

/** A file opened to look at: what it is, its queries, and how its errors are resolved. */
export interface OpenedSource {
  kind: SourceKind
  /** absolute path */
  path: string
  /** always true: a file opened to look at is never written */
  readOnly: true
  /** immutable (no writer: read in place, watched for one) or reader (following a writer) */
  readonly mode: ReadMode
  queries: TraceQueries
  detection: Detection
  /**
   * Marks an error resolved. The file is never written: the resolution goes to the overlay in
   * Tracescope's app data and shows from then on. Null when the error id is unknown.
   */
  resolveError(id: string, note: string): TraceError | null
  close(): void
}

export interface OpenSourceOptions {
  /** the resolution overlay (default: the app's overlay file, opened lazily); false = none */
  overlay?: ResolutionOverlay | false
  /** keep reading as opened: do not watch for a writer (one-shot commands) */
  noFollow?: boolean
  /**
   * a file without running totals: finish a long first pass of its tokens and cost in the
   * background, sessions saying `usagePending` meanwhile (the app, serve); default: at once
   */
  usageInBackground?: boolean
  /** ms of that first pass run at once, before the rest goes to the background (default 50) */
  usageBudgetMs?: number
}

export class UnknownSourceError extends SourceOpenError {
  readonly tables: string[]
  constructor(file: string, message: string, tables: string[]) {
    super('unknown-schema', file, message)
    this.name = 'UnknownSourceError'
    this.tables = tables
  }
}

const ADAPTERS: Record<
  Exclude<SourceKind, 'tracescope' | 'unknown'>,
  (c: SafeConnection) => ForeignSource
> = {
  // the TraceStorage layout (traces + sessions) or the tracing schema.sql layout (trace_events only)
  'claude-flow': (c) =>
    c.schema.hasColumns('traces', ['session_id', 'type'])
      ? new ClaudeFlowSource(c)
      : new ClaudeFlowEventsSource(c),
  'ddeutil-workflow': (c) => new DdeutilSource(c),
  'moai-swarmdb': (c) => new MoaiSource(c),
  flujo: (c) => new FlujoSource(c),
  'session-store': (c) => new SessionStoreSource(c),
}

/** What a file is, from its hardened connection; throws UnknownSourceError for no known kind. */
export function detectOpened(conn: SafeConnection): Detection {
  let detection: Detection
  try {
    // application_id from the connection, not the raw header: a native store whose first
    // transaction is still only in its -wal has 0 in the file's header
    const applicationId = conn.db.pragma('application_id', { simple: true }) as number
    detection = detectSource(conn.path, conn.schema, { ...conn.header, applicationId })
  } catch (err) {
    conn.close()
    throw explainOpenFailure(conn.path, err, 'read the header of')
  }
  if (detection.kind === 'unknown') {
    const tables = [...conn.schema.tables]
    conn.close()
    throw new UnknownSourceError(conn.path, detection.reason, tables)
  }
  return detection
}

/** One connection's worth: the file as it can be read right now. */
function openOnce(file: string, opts: OpenSourceOptions): OpenedSource {
  const conn = safeOpen(file)
  const detection = detectOpened(conn)
  let base: OverlayBase
  try {
    base = detection.kind === 'tracescope' ? openNativeSource(conn) : adapterFor(detection, conn)
    // a store of schema v5 or later keeps running totals; anything else is summed when read
    if (!conn.schema.tables.includes('usage_totals'))
      base = withReadTimeUsage(base, {
        background: opts.usageInBackground,
        budgetMs: opts.usageBudgetMs,
      })
  } catch (err) {
    conn.close()
    throw err
  }
  const wrapped = opts.overlay === false ? null : withResolutionOverlay(base, conn, opts.overlay)
  return {
    kind: detection.kind,
    path: conn.path,
    readOnly: true,
    mode: conn.mode,
    // every call reads one state of the file, however many statements it runs
    queries: withReadSnapshot(wrapped ? wrapped.queries : base, conn.db, conn.path),
    detection,
    resolveError: (id, note) => {
      if (!wrapped)
        throw new SourceOpenError(
          'bad-query',
          conn.path,
          `"${conn.path}" is read-only and no resolution overlay is configured.`,
        )
      return wrapped.resolveError(id, note)
    },
    close: () => (wrapped ? wrapped.queries.close() : base.close()),
  }
}

function adapterFor(detection: Detection, conn: SafeConnection): OverlayBase {
  const adapter = ADAPTERS[detection.kind as keyof typeof ADAPTERS](conn)
  // the native store compiles `where` to SQL itself; other tools' readers have it evaluated
  // over their pages (filteredSpans.ts)
  adapter.listSpans = withWhere(adapter.listSpans.bind(adapter))
  return adapter
}

/**
 * Opens any supported trace database read-only by the reading rule (safeOpen.ts); throws
 * SourceOpenError / UnknownSourceError. Unless `noFollow`, a file read as immutable is reopened
 * as a reader of its writer's WAL once one appears, so later commits are seen.
 */
export function openSource(file: string, opts: OpenSourceOptions = {}): OpenedSource {
  const signature = fileSignature(file)
  const first = openOnce(file, opts)
  if (opts.noFollow || first.mode === 'reader') return first
  return followWriter(first, () => openOnce(file, opts), signature)
}
