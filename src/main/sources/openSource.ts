// The one entry point for "open this .db": detect what it is, then hand back the TraceQueries of
// the native store (read-only) or of the matching foreign adapter over a hardened read-only
// connection. Foreign sources get error resolutions from Tracescope's own overlay file.
// Unknown files throw UnknownSourceError; the app then offers openTableBrowser().
import type { TraceError } from '../../shared/domain'
import type { SourceKind, TraceQueries } from '../../shared/queries'
import { ClaudeFlowEventsSource } from './claudeFlowEventsSource'
import { ClaudeFlowSource } from './claudeFlowSource'
import { DdeutilSource } from './ddeutilSource'
import { detectSource, type Detection } from './detectSource'
import { FlujoSource } from './flujoSource'
import type { ForeignSource } from './foreignSource'
import { MoaiSource } from './moaiSource'
import { openNativeSource } from './nativeSource'
import { withResolutionOverlay, type ResolutionOverlay } from './resolutionOverlay'
import { safeOpen, type SafeConnection, type SafeOpenOptions } from './safeOpen'
import { SessionStoreSource } from './sessionStoreSource'
import { SourceOpenError, explainOpenFailure } from './sourceErrors'

export interface OpenedSource {
  kind: SourceKind
  /** absolute path */
  path: string
  /** true for every foreign file; the native store is opened read-only here too */
  readOnly: boolean
  queries: TraceQueries
  detection: Detection
  /**
   * Marks an error resolved. Foreign files are never written: the resolution goes to the overlay
   * in Tracescope's app data and shows from then on. Null when the error id is unknown.
   */
  resolveError(id: string, note: string): TraceError | null
  close(): void
}

export interface OpenSourceOptions extends SafeOpenOptions {
  /** overlay for foreign files (default: the app's overlay file, opened lazily); false = none */
  overlay?: ResolutionOverlay | false
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

/** Opens any supported trace database read-only; throws SourceOpenError / UnknownSourceError. */
export function openSource(file: string, opts: OpenSourceOptions = {}): OpenedSource {
  const conn = safeOpen(file, opts)
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
  if (detection.kind === 'tracescope') {
    const native = openNativeSource(conn)
    return {
      kind: 'tracescope',
      path: conn.path,
      readOnly: true,
      queries: native.queries,
      detection,
      // the native store keeps resolutions itself, but this handle is read-only
      resolveError: () => {
        throw new SourceOpenError(
          'bad-query',
          conn.path,
          `"${conn.path}" is opened read-only here; resolve errors through the store itself.`,
        )
      },
      close: native.close,
    }
  }
  let adapter: ForeignSource
  try {
    adapter = ADAPTERS[detection.kind](conn)
  } catch (err) {
    conn.close()
    throw err
  }
  const wrapped = opts.overlay === false ? null : withResolutionOverlay(adapter, conn, opts.overlay)
  return {
    kind: detection.kind,
    path: conn.path,
    readOnly: true,
    queries: wrapped ? wrapped.queries : adapter,
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
    close: () => (wrapped ? wrapped.queries.close() : adapter.close()),
  }
}
