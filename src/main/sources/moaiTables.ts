// SwarmDB's registry-style tables → domain: agents and tasks (read through the span mapping),
// session_memory (memory entries with TTL), agent_metrics + swarm_metrics (metric samples).
// Split from moaiSource.ts, which extends this class with sessions, spans, events and errors.
import type { Agent, MemoryEntry, MetricSample, Task } from '../../shared/domain'
import type { AgentQuery, MemoryQuery, MetricQuery, Page, TaskQuery } from '../../shared/queries'
import { decodeJsonish } from './blobJson'
import { ForeignSource } from './foreignSource'
import { emptyPage, keysetPage } from './pagedQuery'
import { addWhere, nullableText } from './sqlText'
import { sqlMillis } from './timeParse'

/** SwarmDB has no session for agent events: the adapter files them under this session. */
export const MOAI_AGENT_SESSION = 'swarmdb-agents'

type Row = Record<string, unknown>
const str = nullableText
const ms = (v: unknown) =>
  v === null || v === undefined ? null : Math.round(Number(v) * 1000) / 1000

export abstract class MoaiTables extends ForeignSource {
  protected t(table: string, column: string, alias: string): string {
    return sqlMillis(`${alias}.${column}`, this.timeColumn(table, column))
  }

  /** explicit list of readable columns (never `*`: generated columns would be evaluated) */
  protected readable(table: string): string {
    return this.conn.schema
      .columns(table)
      .filter((c) => !c.generated)
      .map((c) => `"${c.name.replace(/"/g, '""')}"`)
      .join(', ')
  }

  // ---- registry, tasks, memory, metrics -----------------------------------------------------------

  override listAgents(q: AgentQuery): Page<Agent> {
    const spans = this.listSpans({ sessionId: q.sessionId, limit: q.limit, cursor: q.cursor })
    const agents = spans.items.filter((s) => s.kind === 'agent')
    return {
      items: agents.map((s) => ({
        id: s.agentId ?? s.spanId,
        sessionId: MOAI_AGENT_SESSION,
        name: s.agentId ?? s.spanId,
        type: s.name,
        status: str(s.attributes['moai.status']),
        startTime: s.startTime,
        endTime: s.endTime,
        attributes: s.attributes,
      })),
      nextCursor: spans.nextCursor,
    }
  }

  override listTasks(q: TaskQuery): Page<Task> {
    if (
      !this.has('task_metrics') ||
      (q.sessionId !== undefined && q.sessionId !== MOAI_AGENT_SESSION)
    )
      return emptyPage()
    const spans = this.listSpans({
      agentIds: q.agentId !== undefined ? [q.agentId] : undefined,
      limit: q.limit,
      cursor: q.cursor,
    })
    const tasks = spans.items.filter((s) => s.kind === 'task')
    return {
      items: tasks.map((s) => ({
        id: s.spanId,
        sessionId: MOAI_AGENT_SESSION,
        agentId: s.agentId,
        name: s.name,
        status: str(s.attributes['moai.status']),
        startTime: s.startTime,
        endTime: s.endTime,
        durationMs: s.durationMs,
        tokensUsed: (s.attributes.tokensUsed as number | null) ?? null,
        attributes: s.attributes,
      })),
      nextCursor: spans.nextCursor,
    }
  }

  override listMemory(q: MemoryQuery): Page<MemoryEntry> {
    if (!this.has('session_memory')) return emptyPage()
    const where: string[] = []
    const params: unknown[] = []
    if (q.sessionId !== undefined) addWhere(where, params, 'm.session_id = ?', q.sessionId)
    if (q.key !== undefined) addWhere(where, params, 'm.key = ?', q.key)
    if (q.namespace !== undefined) addWhere(where, params, 'm.memory_type = ?', q.namespace)
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: `m.session_id, m.memory_type, m.key, m.value, ${this.t('session_memory', 'timestamp', 'm')} AS t_ms, ${this.col('session_memory', 'm', 'ttl_hours')} AS ttl`,
      from: 'session_memory m',
      where,
      params,
      keys: ['m.rowid'],
      limit: q.limit,
      cursor: q.cursor,
      what: 'session memory',
    })
    return {
      items: page.rows.map((r) => {
        const time = ms(r.t_ms) ?? 0
        return {
          sessionId: String(r.session_id),
          namespace: String(r.memory_type ?? ''),
          key: String(r.key),
          value: decodeJsonish(r.value),
          time,
          expiresAt:
            r.ttl === null || r.ttl === undefined ? null : time + Number(r.ttl) * 3_600_000,
        }
      }),
      nextCursor: page.nextCursor,
    }
  }

  override listMetrics(q: MetricQuery): Page<MetricSample> {
    const parts: string[] = []
    if (this.has('agent_metrics'))
      parts.push(
        `SELECT 'a' || m.rowid AS k, m.agent_id AS agent_id, NULL AS swarm_id, m.metric_type AS name, m.value AS value, ${this.t('agent_metrics', 'timestamp', 'm')} AS t_ms FROM agent_metrics m`,
      )
    if (this.has('swarm_metrics'))
      parts.push(
        `SELECT 's' || w.rowid AS k, NULL AS agent_id, w.swarm_id AS swarm_id, w.metric_type AS name, w.value AS value, ${this.t('swarm_metrics', 'timestamp', 'w')} AS t_ms FROM swarm_metrics w`,
      )
    if (!parts.length || (q.sessionId !== undefined && q.sessionId !== MOAI_AGENT_SESSION))
      return emptyPage()
    const where: string[] = []
    const params: unknown[] = []
    if (q.agentId !== undefined) addWhere(where, params, 'x.agent_id = ?', q.agentId)
    if (q.name !== undefined) addWhere(where, params, 'x.name = ?', q.name)
    if (q.since !== undefined) addWhere(where, params, 'x.t_ms >= ?', q.since)
    if (q.until !== undefined) addWhere(where, params, 'x.t_ms <= ?', q.until)
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: 'x.*',
      from: `(${parts.join(' UNION ALL ')}) x`,
      where,
      params,
      keys: ['x.t_ms', 'x.k'],
      limit: q.limit,
      cursor: q.cursor,
      what: 'metrics',
    })
    return {
      items: page.rows.map((r) => ({
        sessionId: MOAI_AGENT_SESSION,
        agentId: str(r.agent_id),
        time: ms(r.t_ms) ?? 0,
        name: String(r.name),
        value: Number(r.value),
        attributes: r.swarm_id ? { swarmId: r.swarm_id } : undefined,
      })),
      nextCursor: page.nextCursor,
    }
  }
}
