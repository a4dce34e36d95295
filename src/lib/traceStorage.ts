// Claude-Flow's TraceStorage API as a thin facade over Tracescope's store, for agent
// processes that write a .db directly. Several processes may open the same file: the store
// runs in WAL mode and retries SQLITE_BUSY with backoff.
import { randomUUID } from 'node:crypto'
import type {
  Agent,
  AgentMessage,
  Attributes,
  Session,
  SessionStatus,
  Span,
  Task,
  TraceError,
  TraceRecord,
} from '../shared/domain'
import { RECORD_KINDS } from '../shared/domain'
import type { Page, SessionGraph, SourceStats, TimeRange } from '../shared/queries'
import type {
  MaintenanceReport,
  StoreOptions,
  TraceStore,
  WriteResult,
} from '../main/store/storeApi'
import { openStore as openNativeStore } from '../main/store/traceStore'
import { commitOnExit, stopCommitOnExit } from './exitCommit'
import { describeValue } from './arguments'
import { NO_POLICY, readTracingOptions } from './tracingOptions'
import type { TracingOptions, TracingPolicy } from './tracingOptions'
import { SessionSampler } from './sessionSampler'
import type { SamplingStats } from './sessionSampler'
import { StorageLimits } from './storageLimits'

/**
 * A trace in the shape Claude-Flow's TraceStorage takes; stored as a span (type → name,
 * data/metadata → attributes).
 */
export interface ClaudeFlowTrace {
  id: string
  sessionId: string
  type: string
  timestamp: number
  agentId?: string | null
  parentId?: string | null
  phase?: string
  correlationId?: string
  data?: unknown
  metadata?: unknown
  performance?: { duration?: number } & Record<string, unknown>
  status?: Span['status']
}

export function claudeFlowTraceToRecord(t: ClaudeFlowTrace): TraceRecord {
  const attributes: Attributes = {}
  if (t.data !== undefined) attributes.data = t.data
  if (t.metadata !== undefined) attributes.metadata = t.metadata
  if (t.performance !== undefined) attributes.performance = t.performance
  if (t.phase !== undefined) attributes.phase = t.phase
  if (t.correlationId !== undefined) attributes.correlationId = t.correlationId
  const duration = t.performance?.duration
  return {
    kind: 'span',
    sessionId: t.sessionId,
    spanId: t.id,
    parentSpanId: t.parentId ?? null,
    name: t.type,
    agentId: t.agentId ?? null,
    startTime: t.timestamp,
    endTime: typeof duration === 'number' ? t.timestamp + duration : null,
    status: t.status ?? 'unset',
    attributes,
  }
}

/** @deprecated renamed ClaudeFlowTrace; this alias goes in the next release */
export type SeedTrace = ClaudeFlowTrace
/** @deprecated renamed claudeFlowTraceToRecord; this alias goes in the next release */
export const seedTraceToRecord = claudeFlowTraceToRecord

function toRecord(r: TraceRecord | ClaudeFlowTrace): TraceRecord {
  if (typeof r !== 'object' || r === null)
    throw new TypeError(`tracescope: a record must be an object, got ${describeValue(r)}`)
  return RECORD_KINDS.has((r as TraceRecord).kind) && !('type' in r && 'timestamp' in r)
    ? (r as TraceRecord)
    : claudeFlowTraceToRecord(r as ClaudeFlowTrace)
}

export interface QueryOptions {
  timeRange?: { start?: number; end?: number }
  agentIds?: string[]
  limit?: number
}

function range(r?: { start?: number; end?: number }): TimeRange {
  return { since: r?.start, until: r?.end }
}

export class TraceStorage {
  private readonly sampler: SessionSampler
  private readonly limits: StorageLimits

  constructor(
    readonly store: TraceStore,
    policy: TracingPolicy = NO_POLICY,
  ) {
    // a crash (uncaught exception) or process.exit() still commits what was queued
    commitOnExit(store)
    this.sampler = new SessionSampler(policy.samplingRate)
    this.limits = new StorageLimits(store, policy)
  }

  /** what samplingRate kept and dropped in this process */
  samplingStats(): SamplingStats {
    return this.sampler.stats()
  }

  /**
   * Applies storageRetention and maxFileSize now (they also run at open and every
   * maintenanceInterval); resolves with the store's report, or null when neither is set.
   */
  maintain(): Promise<MaintenanceReport | null> {
    return this.limits.run()
  }

  private sample(records: TraceRecord[]): TraceRecord[] {
    return this.sampler.sample(records)
  }

  get path(): string {
    return this.store.path
  }

  /** Store one record (any TraceRecord kind, or a Claude-Flow-style trace); resolves once committed. */
  storeTrace(record: TraceRecord | ClaudeFlowTrace): Promise<WriteResult> {
    return this.store.write(this.sample([toRecord(record)]))
  }

  /** Store many in as few transactions as the store's batch size allows. */
  storeBatch(records: Array<TraceRecord | ClaudeFlowTrace>): Promise<WriteResult> {
    if (!Array.isArray(records))
      throw new TypeError(
        `tracescope: storeBatch needs an array of records, got ${describeValue(records)}`,
      )
    return this.store.write(this.sample(records.map(toRecord)))
  }

  async createSession(
    name: string,
    metadata: Attributes = {},
    id: string = randomUUID(),
  ): Promise<string> {
    await this.write({
      kind: 'session',
      id,
      name,
      status: 'running',
      startTime: Date.now(),
      attributes: metadata,
    })
    return id
  }

  async updateSession(
    id: string,
    patch: { name?: string; status?: SessionStatus; endTime?: number; metadata?: Attributes },
  ): Promise<void> {
    await this.write({
      kind: 'session',
      id,
      name: patch.name,
      status: patch.status,
      endTime: patch.endTime,
      attributes: patch.metadata,
    })
  }

  getSession(id: string): Session | null {
    return this.store.getSession(id)
  }

  async registerAgent(agent: {
    id: string
    name?: string
    type?: string
    sessionId?: string
    attributes?: Attributes
  }): Promise<void> {
    await this.write({
      kind: 'agent',
      id: agent.id,
      name: agent.name ?? agent.id,
      type: agent.type ?? null,
      sessionId: agent.sessionId ?? null,
      startTime: Date.now(),
      attributes: agent.attributes,
    })
  }

  /** One metric sample per numeric field of `metrics` (named `perf.<field>`). */
  async storePerformanceSnapshot(
    sessionId: string,
    metrics: Record<string, number>,
    time = Date.now(),
  ): Promise<void> {
    if (typeof metrics !== 'object' || metrics === null)
      throw new TypeError(
        `tracescope: storePerformanceSnapshot needs an object of numbers as metrics, got ${describeValue(metrics)}`,
      )
    const records: TraceRecord[] = Object.entries(metrics)
      .filter(([, v]) => typeof v === 'number' && Number.isFinite(v))
      .map(([k, v]) => ({
        kind: 'metric',
        sessionId,
        agentId: null,
        time,
        name: `perf.${k}`,
        value: v,
      }))
    await this.write(records)
  }

  async storeResourceUsage(
    agentId: string,
    cpuPercent: number,
    memoryBytes: number,
    diskBytes = 0,
    networkIn = 0,
    networkOut = 0,
    openFiles = 0,
    opts: { sessionId?: string; time?: number } = {},
  ): Promise<void> {
    const time = opts.time ?? Date.now()
    const values = {
      cpu_percent: cpuPercent,
      memory_bytes: memoryBytes,
      disk_bytes: diskBytes,
      network_in: networkIn,
      network_out: networkOut,
      open_files: openFiles,
    }
    await this.write(
      Object.entries(values).map(([k, value]) => ({
        kind: 'metric' as const,
        sessionId: opts.sessionId ?? null,
        agentId,
        time,
        name: `resource.${k}`,
        value,
      })),
    )
  }

  /** Records an error linked to a span (Claude-Flow's traceId); returns the error id. */
  async storeErrorEvent(
    spanId: string | null,
    errorType: string,
    errorMessage: string,
    stackTrace?: string | null,
    recoveryAction?: string | null,
    opts: { sessionId?: string; agentId?: string; id?: string } = {},
  ): Promise<string> {
    const id = opts.id ?? randomUUID()
    await this.write({
      kind: 'error',
      id,
      spanId,
      sessionId: opts.sessionId ?? null,
      agentId: opts.agentId ?? null,
      time: Date.now(),
      type: errorType,
      message: errorMessage,
      stack: stackTrace ?? null,
      recoveryAction: recoveryAction ?? null,
    })
    return id
  }

  resolveError(id: string, note: string): TraceError | null {
    return this.store.resolveError(id, note)
  }

  async storeAgentMessage(
    m: Omit<
      AgentMessage,
      'id' | 'time' | 'deliveryStatus' | 'responseTo' | 'sessionId' | 'receiverAgentId' | 'type'
    > &
      Partial<AgentMessage>,
  ): Promise<string> {
    const id = m.id ?? randomUUID()
    await this.write({ ...m, kind: 'message', id, time: m.time ?? Date.now() })
    return id
  }

  async storeTask(t: Pick<Task, 'id'> & Partial<Omit<Task, 'id' | 'durationMs'>>): Promise<void> {
    await this.write({ ...t, kind: 'task' })
  }

  getTracesBySession(sessionId: string, opts: QueryOptions = {}): Span[] {
    return this.store.listSpans({
      sessionId,
      ...range(opts.timeRange),
      agentIds: opts.agentIds,
      limit: opts.limit,
      order: 'asc',
    }).items
  }

  getTracesByTimeRange(
    timeRange: { start?: number; end?: number },
    opts: { sessionIds?: string[]; agentIds?: string[]; limit?: number } = {},
  ): Span[] {
    const sessions = opts.sessionIds?.length ? opts.sessionIds : [undefined]
    return sessions.flatMap(
      (sessionId) =>
        this.store.listSpans({
          sessionId,
          ...range(timeRange),
          agentIds: opts.agentIds,
          limit: opts.limit,
          order: 'asc',
        }).items,
    )
  }

  getTracesByAgent(agentId: string, opts: QueryOptions = {}): Span[] {
    return this.store.listSpans({
      agentIds: [agentId],
      ...range(opts.timeRange),
      limit: opts.limit,
      order: 'desc',
    }).items
  }

  getTraceGraph(sessionId: string): SessionGraph {
    return this.store.sessionGraph(sessionId)
  }

  getErrorEvents(
    opts: { resolved?: boolean; sessionId?: string; limit?: number } = {},
  ): TraceError[] {
    return this.store.listErrors(opts).items
  }

  getAgentMessages(agentId: string, timeRange?: { start?: number; end?: number }): AgentMessage[] {
    return this.store.listMessages({ agentId, ...range(timeRange) }).items
  }

  getTasksByAgent(agentId: string, limit = 100): Task[] {
    return this.store.listTasks({ agentId, limit }).items
  }

  getAgents(sessionId?: string): Page<Agent> {
    return this.store.listAgents({ sessionId })
  }

  getStats(hours?: number): SourceStats {
    return this.store.stats({ hours })
  }

  flush(): Promise<void> {
    return this.store.flush()
  }

  async close(): Promise<void> {
    await this.limits.stop()
    stopCommitOnExit(this.store)
    return this.store.close()
  }

  private async write(given: TraceRecord | TraceRecord[]): Promise<void> {
    const records = this.sample(Array.isArray(given) ? given : [given])
    if (!records.length) return
    const r = await this.store.write(records)
    if (r.rejected.length) {
      const first = r.rejected[0]
      // a metric has no id: its name says which argument it came from
      const record = records[first.index]
      const label = first.id ?? (record.kind === 'metric' ? record.name : null)
      throw new Error(
        `${first.kind}${label ? ` ${label}` : ''} was not stored: ${first.field} ${first.reason}`,
      )
    }
  }
}

/**
 * Opens (creating if needed) a Tracescope store at `path`. Takes the store's options and the
 * tracing options Claude-Flow's TraceStorage takes (samplingRate, bufferSize, flushInterval,
 * storageRetention, maxFileSize).
 */
export function openStore(path: string, opts?: StoreOptions & TracingOptions): TraceStorage {
  if (typeof path !== 'string' || path === '')
    throw new TypeError(
      `tracescope: openStore needs the path of a .db file (a string), got ${describeValue(path)}`,
    )
  const { store, tracing } = readTracingOptions(path, opts)
  return new TraceStorage(openNativeStore(path, store), tracing)
}
