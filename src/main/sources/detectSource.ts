// What a `.db` is, decided by the tables and columns that matter (views and virtual tables never
// count). Tolerant of extra tables/columns; a near miss is reported with what is missing.
import path from 'node:path'
import type { SourceKind } from '../../shared/queries'
import { hasTracescopeMark } from '../store/migrations'
import type { SchemaInfo } from './schemaInfo'
import type { SqliteHeader } from './sqliteHeader'

export interface Detection {
  kind: SourceKind
  /** one sentence: why this kind, or what was found instead */
  reason: string
}

interface Signature {
  kind: Exclude<SourceKind, 'unknown' | 'tracescope'>
  label: string
  /** every table must exist with at least these columns */
  requires: Record<string, string[]>
}

// Order matters: more specific signatures first (flujo and the session-keyed trace store also have a `traces` table).
const SIGNATURES: Signature[] = [
  {
    kind: 'session-store',
    label: 'session-keyed trace store',
    requires: {
      traces: ['id', 'context_type', 'created_at'],
      trace_sessions: ['trace_id', 'session_uid'],
    },
  },
  {
    kind: 'flujo',
    label: 'flujo trace storage',
    requires: { runs: ['run_id'], spans: ['span_id', 'run_id', 'name', 'start_time'] },
  },
  {
    kind: 'claude-flow',
    label: 'Claude-Flow TraceStorage',
    requires: { traces: ['id', 'session_id', 'type', 'timestamp'] },
  },
  {
    kind: 'claude-flow',
    label: 'Claude-Flow tracing schema (trace_events)',
    requires: { trace_events: ['id', 'timestamp', 'type', 'agent_id', 'swarm_id'] },
  },
  {
    kind: 'ddeutil-workflow',
    label: 'ddeutil-workflow SQLite trace log',
    requires: { traces: ['run_id', 'level', 'message', 'datetime'] },
  },
  {
    kind: 'moai-swarmdb',
    label: 'MoAI Flow SwarmDB',
    requires: { agent_events: ['event_type', 'agent_id', 'timestamp'] },
  },
  {
    kind: 'moai-swarmdb',
    label: 'MoAI Flow SwarmDB',
    requires: {
      agent_registry: ['agent_id', 'status', 'spawn_time'],
      session_memory: ['session_id', 'key'],
    },
  },
]

function missingFor(sig: Signature, schema: SchemaInfo): string[] {
  const missing: string[] = []
  for (const [table, cols] of Object.entries(sig.requires)) {
    if (!schema.hasTable(table)) {
      missing.push(`table "${table}"`)
      continue
    }
    const have = schema.columnNames(table)
    for (const c of cols) if (!have.has(c)) missing.push(`column ${table}.${c}`)
  }
  return missing
}

function listTables(tables: string[]): string {
  if (tables.length === 0) return 'no tables at all'
  const shown = tables.slice(0, 12).join(', ')
  return `tables ${shown}${tables.length > 12 ? ` and ${tables.length - 12} more` : ''}`
}

export function detectSource(file: string, schema: SchemaInfo, header: SqliteHeader): Detection {
  if (hasTracescopeMark(header.applicationId, (name) => schema.hasTable(name)))
    return {
      kind: 'tracescope',
      reason: 'Tracescope store (application_id TRSC and tracescope_meta table)',
    }
  let nearest: { sig: Signature; missing: string[] } | null = null
  for (const sig of SIGNATURES) {
    const missing = missingFor(sig, schema)
    if (missing.length === 0)
      return {
        kind: sig.kind,
        reason: `${sig.label}: ${Object.keys(sig.requires).join(' + ')} found`,
      }
    const tablesPresent = Object.keys(sig.requires).some((t) => schema.hasTable(t))
    if (tablesPresent && (!nearest || missing.length < nearest.missing.length))
      nearest = { sig, missing }
  }
  const name = `"${path.basename(file)}"`
  const near = nearest
    ? ` It looks closest to a ${nearest.sig.label} file but lacks ${nearest.missing.join(', ')}.`
    : ''
  const views = schema.views.length
    ? ` (views are not counted: ${schema.views.slice(0, 5).join(', ')})`
    : ''
  return {
    kind: 'unknown',
    reason: `${name} is an SQLite database Tracescope does not recognise as a trace store: it has ${listTables(schema.tables)}${views}.${near} It can still be browsed table by table.`,
  }
}
