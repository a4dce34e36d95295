// Every invoke channel: name → input schema (validated in main) and output type.
// Query channels mirror TraceQueries (src/shared/queries.ts) with a `sourceId` added.
import { z } from 'zod'
import type { RecordKind, TraceError } from '../domain'
import type { UsageRollup } from '../genai/usageRollup'
import type { PriceTable } from '../genai/pricing'
import { modelPriceSchema } from '../genai/priceOverrides'
import type { Page, SearchHit, SessionGraph, SourceInfo, SourceStats, SpanDetail } from '../queries'
import { MAX_COLUMNS_PAGE } from '../queries'
import type {
  Agent,
  AgentMessage,
  MemoryEntry,
  MetricSample,
  Session,
  Span,
  Task,
  TraceEvent,
} from '../domain'
import type { SpanColumns } from './spanColumns'
import type { RunComparison } from '../compare/runComparison'
import type { GroupStats } from '../stats/groupStats'
import type { CohortResult } from '../stats/cohort'
import { GROUP_BYS } from '../stats/groupStats'
import type { Settings } from './schemas'
import type { ForwardEndpointStats } from '../forwardTargets'
import {
  agentQuerySchema,
  errorQuerySchema,
  eventQuerySchema,
  exportFilterSchema,
  exportFormatSchema,
  filterText,
  memoryQuerySchema,
  messageQuerySchema,
  metricQuerySchema,
  searchQuerySchema,
  sessionQuerySchema,
  settingsPatchSchema,
  sourceIdSchema,
  spanQuerySchema,
  taskQuerySchema,
} from './schemas'

/** One opened `.db` as the renderer knows it. */
export interface SourceSummary {
  sourceId: string
  path: string
  /** file name, for titles and tabs */
  name: string
  /** true for the app's own store (writable, receives the collector's spans) */
  appStore: boolean
  info: SourceInfo
}

export interface TableColumn {
  name: string
  type: string
}

export interface TableSummary {
  name: string
  columns: TableColumn[]
  /** null when counting would take too long */
  rowCount: number | null
}

export interface TableRows {
  table: string
  columns: string[]
  /** cell values made displayable: blobs as `<blob N bytes>` or hex previews, long text cut */
  rows: unknown[][]
  nextCursor: string | null
}

export interface RecentFile {
  path: string
  name: string
  openedAt: number
  exists: boolean
}

export interface AppInfo {
  mode: 'electron' | 'browser' | 'in-process'
  version: string
  platform: string
  /** what this mode can do, so the viewer hides what it cannot */
  capabilities: {
    openDialog: boolean
    saveDialog: boolean
    /** export delivers a download URL instead of writing a chosen file */
    downloadExports: boolean
    collector: boolean
  }
  /**
   * the quiet time (TRACESCOPE_QUIET_MS, shared/sessionStatusRule.ts) of the process that reads
   * the files: the renderer has no environment of its own
   */
  quietMs: number
}

/** the in-app collector as it runs: its address, what it received, each forward endpoint */
export interface CollectorStatusResult {
  url: string
  port: number
  stats: {
    requests: number
    acceptedSpans: number
    rejectedSpans: number
    acceptedLogRecords: number
    throttled: number
  }
  forward: ForwardEndpointStats[]
}

export interface ExportStarted {
  exportId: string
  /** null when the user cancelled the save dialog: nothing was started */
  started: boolean
}

/** what an export would write, counted before it starts */
export interface ExportCountResult {
  /** at least this many when `capped` */
  records: number
  counts: Partial<Record<RecordKind, number>>
  /** counting stopped at its time budget */
  capped: boolean
  /** the name the file will be saved under */
  fileName: string
}

/** the settings file: where it is and what of it could not be read */
export interface SettingsFileStatus {
  /** null: settings are kept in memory only (a served file without the app folder) */
  path: string | null
  /** what was wrong with it, field by field (those fields use their defaults); null when fine */
  problem: string | null
  /** where the unreadable file was kept when a save replaced it */
  keptAs: string | null
}

export interface PricesInfo {
  /** the user's prices file (it may not exist yet) */
  path: string
  /** models the file adds or re-prices */
  models: string[]
  /** why the file is not used (then the shipped prices are); null when fine or absent */
  error: string | null
  table: PriceTable
}

export interface LiveSubscribed {
  subscriptionId: string
}

const src = { sourceId: sourceIdSchema }
const idArg = z.string().min(1).max(512)

function query<O>() {
  return <I extends z.ZodType>(input: I) => ({
    kind: 'query' as const,
    input,
    output: z.custom<O>(),
  })
}
function command<O>() {
  return <I extends z.ZodType>(input: I) => ({
    kind: 'command' as const,
    input,
    output: z.custom<O>(),
  })
}

export const liveTopicSchema = z.enum(['sessions', 'spans', 'errors'])
export type LiveTopic = z.infer<typeof liveTopicSchema>

export const invokeChannels = {
  // ── queries (TraceQueries of one open source) ─────────────────────────────────────────
  'source.info': query<SourceInfo>()(z.strictObject(src)),
  'source.stats': query<SourceStats>()(
    z.strictObject({
      ...src,
      hours: z
        .number()
        .positive()
        .max(24 * 3650)
        .optional(),
    }),
  ),
  'sessions.list': query<Page<Session>>()(z.strictObject({ ...sessionQuerySchema.shape, ...src })),
  'sessions.get': query<Session | null>()(z.strictObject({ ...src, sessionId: idArg })),
  /** tokens and cost per agent, model and parent span: of one session, or of the whole file */
  'usage.rollup': query<UsageRollup>()(z.strictObject({ ...src, sessionId: idArg.optional() })),
  'sessions.graph': query<SessionGraph>()(z.strictObject({ ...src, sessionId: idArg })),
  'spans.list': query<Page<Span>>()(z.strictObject({ ...spanQuerySchema.shape, ...src })),
  /**
   * the same page as spans.list, as columns without attributes: for the timeline, which loads
   * whole sessions, so up to MAX_COLUMNS_PAGE spans a page
   */
  'spans.columns': query<SpanColumns>()(
    z.strictObject({
      ...spanQuerySchema.shape,
      limit: z.number().int().min(1).max(MAX_COLUMNS_PAGE).optional(),
      ...src,
    }),
  ),
  'spans.get': query<SpanDetail | null>()(
    z.strictObject({ ...src, sessionId: idArg, spanId: idArg }),
  ),
  'events.list': query<Page<TraceEvent>>()(z.strictObject({ ...eventQuerySchema.shape, ...src })),
  /** every agent the session's log lines and span events name (a line without one: its
   *  span's), sorted: the Logs tab's agent filter, whatever stretch of lines it holds */
  'events.agents': query<string[]>()(z.strictObject({ ...src, sessionId: idArg })),
  'errors.list': query<Page<TraceError>>()(z.strictObject({ ...errorQuerySchema.shape, ...src })),
  'agents.list': query<Page<Agent>>()(z.strictObject({ ...agentQuerySchema.shape, ...src })),
  'messages.list': query<Page<AgentMessage>>()(
    z.strictObject({ ...messageQuerySchema.shape, ...src }),
  ),
  'tasks.list': query<Page<Task>>()(z.strictObject({ ...taskQuerySchema.shape, ...src })),
  'memory.list': query<Page<MemoryEntry>>()(z.strictObject({ ...memoryQuerySchema.shape, ...src })),
  'metrics.list': query<Page<MetricSample>>()(
    z.strictObject({ ...metricQuerySchema.shape, ...src }),
  ),
  search: query<Page<SearchHit>>()(z.strictObject({ ...searchQuerySchema.shape, ...src })),
  /** span statistics grouped by name, agent, workflow, user or time window (of the spans a
   *  `where` filter expression selects, when given); with `key`, that group's slowest spans
   *  (at most 100, slowest first, without attributes) */
  'stats.groups': query<{ spans: number; groups: GroupStats[]; slowest?: Span[] }>()(
    z.strictObject({
      ...src,
      groupBy: z.enum(GROUP_BYS),
      since: z.number().finite().optional(),
      sessionId: idArg.optional(),
      windowMs: z
        .number()
        .int()
        .min(60_000)
        .max(366 * 86_400_000)
        .optional(),
      where: filterText.optional(),
      key: z.string().max(1000).optional(),
    }),
  ),
  /** what a selection of spans (failed, the slowest N %, some sessions, those a filter
   *  expression selects) shares, compared with the rest: attributes ranked by how differently
   *  their values are spread */
  'stats.cohort': query<CohortResult & { thresholdMs?: number | null }>()(
    z.strictObject({
      ...src,
      selection: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('failed') }),
        z.strictObject({ kind: z.literal('slowest'), percent: z.number().gt(0).lt(100) }),
        z.strictObject({
          kind: z.literal('sessions'),
          sessionIds: z.array(idArg).min(1).max(1000),
        }),
        z.strictObject({
          kind: z.literal('where'),
          where: filterText.refine((t) => t.trim() !== '', 'expected a filter expression'),
        }),
      ]),
      name: z.string().max(1000).optional(),
      since: z.number().finite().optional(),
      limit: z.number().int().min(1).max(100).optional(),
    }),
  ),
  /** two sessions' spans aligned step by step: what changed between the runs */
  'runs.compare': query<RunComparison>()(
    z.strictObject({ ...src, sessionA: idArg, sessionB: idArg }),
  ),

  // ── generic table browser (unknown or partly understood files) ────────────────────────
  'tables.list': query<TableSummary[]>()(z.strictObject(src)),
  'tables.rows': query<TableRows>()(
    z.strictObject({
      ...src,
      table: z.string().min(1).max(256),
      limit: z.number().int().min(1).max(5000).optional(),
      cursor: z.string().max(64).nullable().optional(),
    }),
  ),

  // ── sources ────────────────────────────────────────────────────────────────────────────
  /**
   * Open a `.db` the user chose. The path must have been granted: picked in a dialog, dropped
   * on the window (see TraceBridge.pathForDroppedFile), given on the command line, or listed
   * in recent files. Anything else answers `forbidden`.
   */
  'sources.open': command<SourceSummary>()(z.strictObject({ path: z.string().min(1).max(4096) })),
  /** File > Open: shows the dialog in main; null when the user cancelled */
  'sources.openDialog': command<SourceSummary | null>()(z.strictObject({})),
  'sources.list': query<SourceSummary[]>()(z.strictObject({})),
  'sources.close': command<{ closed: boolean }>()(z.strictObject(src)),

  // ── commands ───────────────────────────────────────────────────────────────────────────
  /** resolves in the native store, or in the overlay for a read-only foreign file */
  'errors.resolve': command<TraceError | null>()(
    z.strictObject({ ...src, errorId: idArg, note: z.string().max(10_000) }),
  ),
  /** Electron: asks for the destination with a save dialog. Browser: `export.progress` ends with a downloadUrl. */
  'export.start': command<ExportStarted>()(
    z.strictObject({ ...src, filter: exportFilterSchema, format: exportFormatSchema }),
  ),
  /** how many records `export.start` would write with this filter and format, and the file name */
  'export.count': query<ExportCountResult>()(
    z.strictObject({ ...src, filter: exportFilterSchema, format: exportFormatSchema }),
  ),
  'export.cancel': command<{ cancelled: boolean }>()(z.strictObject({ exportId: idArg })),
  'settings.get': query<Settings>()(z.strictObject({})),
  'settings.set': command<Settings>()(settingsPatchSchema),
  'settings.status': query<SettingsFileStatus>()(z.strictObject({})),
  /** the price table in use: the shipped one with the user's prices file over it */
  'prices.get': query<PricesInfo>()(z.strictObject({})),
  /** adds or replaces (price) or removes (null) one model in the user's prices file */
  'prices.set': command<PricesInfo>()(
    z.strictObject({
      model: z.string().trim().min(1).max(200),
      price: modelPriceSchema.nullable(),
    }),
  ),
  /** null while the collector is off or the app's own store is not open */
  'collector.status': query<CollectorStatusResult | null>()(z.strictObject({})),
  'app.recentFiles': query<RecentFile[]>()(z.strictObject({})),
  'app.info': query<AppInfo>()(z.strictObject({})),

  // ── live updates (see events.ts; the client library handles ack) ───────────────────────
  'live.subscribe': command<LiveSubscribed>()(
    z.strictObject({ ...src, topic: liveTopicSchema, sessionId: idArg.optional() }),
  ),
  'live.unsubscribe': command<{ unsubscribed: boolean }>()(
    z.strictObject({ subscriptionId: idArg }),
  ),
  /** tells main the client has handled event `seq`: the next one may be sent */
  'live.ack': command<{ acked: boolean }>()(
    z.strictObject({ subscriptionId: idArg, seq: z.number().int().min(0) }),
  ),
} as const

export type InvokeChannels = typeof invokeChannels
export type InvokeChannel = keyof InvokeChannels
export type InvokeInput<C extends InvokeChannel> = z.input<InvokeChannels[C]['input']>
/** the input after validation (defaults applied): what a handler receives */
export type ParsedInput<C extends InvokeChannel> = z.output<InvokeChannels[C]['input']>
export type InvokeOutput<C extends InvokeChannel> = z.infer<InvokeChannels[C]['output']>

export const INVOKE_CHANNELS = Object.keys(invokeChannels) as InvokeChannel[]

export function isInvokeChannel(name: unknown): name is InvokeChannel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(invokeChannels, name)
}
