// Claude-Flow's extended monitoring tables → domain: trace_events (events), agents,
// agent_messages (messages carry no session: a session's messages are those sent by its agents),
// task_execution (tasks) and performance_snapshots (metrics). Split from claudeFlowSource.ts,
// which extends this class with the core traces/sessions/error_events mapping.
import type { Agent, AgentMessage, MetricSample, Task, TraceEvent } from '../../shared/domain'
import type {
  AgentQuery,
  EventQuery,
  MessageQuery,
  MetricQuery,
  Page,
  TaskQuery,
} from '../../shared/queries'
import { decodeJsonish, decodeObject } from './blobJson'
import { ForeignSource, SCAN_CAP } from './foreignSource'
import { keysetPage, pageSize } from './pagedQuery'
import { addWhere, likePattern } from './sqlText'
import { boundFor, sqlMillis, toMillis } from './timeParse'

type Row = Record<string, unknown>

export abstract class ClaudeFlowExtended extends ForeignSource {
  /** the table holding one row per span and its session column (traces/session_id or trace_events/swarm_id) */
  protected spanTable = { table: 'traces', session: 'session_id' }
  // ---- the extended tables ----------------------------------------------------------------------

  override listEvents(q: EventQuery): Page<TraceEvent> {
    // its lines have no level
    if (!this.has('trace_events') || q.level !== undefined || q.levelTone !== undefined)
      return { items: [], nextCursor: null }
    const where: string[] = []
    const params: unknown[] = []
    if (q.sessionId !== undefined) addWhere(where, params, 'e.swarm_id = ?', q.sessionId)
    if (q.agentId !== undefined) addWhere(where, params, 'e.agent_id = ?', q.agentId)
    if (q.spanId !== undefined) addWhere(where, params, 'e.parent_id = ?', q.spanId)
    // its lines have a name (the type) and no message
    if (q.text?.trim())
      addWhere(where, params, "e.type LIKE ? ESCAPE '\\'", likePattern(q.text.trim()))
    const tc = this.timeColumn('trace_events', 'timestamp')
    if (q.since !== undefined) addWhere(where, params, 'e.timestamp >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 'e.timestamp <= ?', boundFor(q.until, tc))
    const c = (n: string) => this.col('trace_events', 'e', n)
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: `e.id, e.timestamp, e.type, ${c('agent_id')} AS agent_id, ${c('swarm_id')} AS swarm_id, ${c('data')} AS data, ${c('duration')} AS duration, ${c('parent_id')} AS parent_id`,
      from: 'trace_events e',
      where,
      params,
      keys: ['e.timestamp', 'e.rowid'],
      limit: q.limit,
      cursor: q.cursor,
      // newest first unless asked, as a Tracescope store answers (the Logs tab reads either end)
      desc: q.oldestFirst !== true,
      what: 'events',
    })
    return {
      items: page.rows.map((r) => ({
        id: String(r.id),
        sessionId: String(r.swarm_id ?? ''),
        spanId: (r.parent_id as string | null) ?? null,
        agentId: (r.agent_id as string | null) ?? null,
        time: toMillis(r.timestamp) ?? 0,
        name: String(r.type),
        level: null,
        message: null,
        attributes: { data: decodeJsonish(r.data), duration: r.duration ?? null },
      })),
      nextCursor: page.nextCursor,
    }
  }

  /** one pass over the session's lines through its swarm index, not a sorted page at a time */
  override listEventAgents(sessionId: string): string[] {
    if (!this.has('trace_events')) return []
    return this.all<{ agent_id: string }>(
      'SELECT DISTINCT agent_id FROM trace_events WHERE swarm_id = ? AND agent_id IS NOT NULL',
      [sessionId],
      'the agents of log lines',
    )
      .map((r) => String(r.agent_id))
      .sort()
  }

  /** Without an agents table, agents are the distinct traces.agent_id (of a session, or recent). */
  private derivedAgents(q: AgentQuery): Page<Agent> {
    const { table, session } = this.spanTable
    const rows =
      q.sessionId !== undefined
        ? `(SELECT agent_id, ${session} AS session_id, timestamp FROM ${table} WHERE ${session} = ? LIMIT ${SCAN_CAP})`
        : `(SELECT agent_id, ${session} AS session_id, timestamp FROM ${table} ORDER BY rowid DESC LIMIT ${SCAN_CAP})`
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: 'g.*',
      from: `(SELECT r.agent_id AS agent_id, max(r.session_id) AS session_id, min(r.timestamp) AS first, max(r.timestamp) AS last, count(*) AS n FROM ${rows} r WHERE r.agent_id IS NOT NULL GROUP BY r.agent_id) g`,
      params: q.sessionId !== undefined ? [q.sessionId] : [],
      keys: ['g.agent_id'],
      limit: q.limit,
      cursor: q.cursor,
      what: 'agents',
    })
    return {
      items: page.rows.map((r) => ({
        id: String(r.agent_id),
        sessionId: q.sessionId ?? (r.session_id as string | null) ?? null,
        name: String(r.agent_id),
        type: null,
        status: null,
        startTime: toMillis(r.first),
        endTime: toMillis(r.last),
        attributes: { traces: r.n ?? 0, derived: true },
      })),
      nextCursor: page.nextCursor,
    }
  }

  override listAgents(q: AgentQuery): Page<Agent> {
    if (!this.has('agents')) return this.derivedAgents(q)
    const c = (n: string) => this.col('agents', 'a', n)
    const { table, session } = this.spanTable
    // The registry is keyed by swarm, not by session: a session's agents are those registered
    // under its id and those its traces name (the same agents the session header counts).
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: `a.agent_id, ${c('agent_type')} AS agent_type, ${c('swarm_id')} AS swarm_id, ${c('capabilities')} AS capabilities, ${c('config')} AS config, ${c('spawn_time')} AS spawn_time, ${c('destroy_time')} AS destroy_time`,
      from: 'agents a',
      where:
        q.sessionId !== undefined
          ? [
              `(${c('swarm_id')} = ? OR a.agent_id IN (SELECT agent_id FROM (SELECT agent_id FROM ${table} WHERE ${session} = ? LIMIT ${SCAN_CAP})))`,
            ]
          : [],
      params: q.sessionId !== undefined ? [q.sessionId, q.sessionId] : [],
      keys: ['a.rowid'],
      limit: q.limit,
      cursor: q.cursor,
      what: 'agents',
    })
    return {
      items: page.rows.map((r) => ({
        id: String(r.agent_id),
        sessionId: q.sessionId ?? (r.swarm_id as string | null) ?? null,
        name: String(r.agent_id),
        type: (r.agent_type as string | null) ?? null,
        status: r.destroy_time === null ? 'active' : 'destroyed',
        startTime: toMillis(r.spawn_time),
        endTime: toMillis(r.destroy_time),
        attributes: {
          swarmId: r.swarm_id ?? null,
          capabilities: decodeJsonish(r.capabilities),
          config: decodeJsonish(r.config),
        },
      })),
      nextCursor: page.nextCursor,
    }
  }

  override listMessages(q: MessageQuery): Page<AgentMessage> {
    if (!this.has('agent_messages')) return { items: [], nextCursor: null }
    const where: string[] = []
    const params: unknown[] = []
    if (q.agentId !== undefined)
      addWhere(
        where,
        params,
        '(m.sender_agent_id = ? OR m.receiver_agent_id = ?)',
        q.agentId,
        q.agentId,
      )
    // messages carry no session: a session's messages are those between its agents
    if (q.sessionId !== undefined)
      addWhere(
        where,
        params,
        `m.sender_agent_id IN (SELECT DISTINCT agent_id FROM (SELECT agent_id FROM ${this.spanTable.table} WHERE ${this.spanTable.session} = ? LIMIT ${SCAN_CAP}))`,
        q.sessionId,
      )
    const tc = this.timeColumn('agent_messages', 'timestamp')
    if (q.since !== undefined) addWhere(where, params, 'm.timestamp >= ?', boundFor(q.since, tc))
    if (q.until !== undefined) addWhere(where, params, 'm.timestamp <= ?', boundFor(q.until, tc))
    const c = (n: string) => this.col('agent_messages', 'm', n)
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: `m.message_id, m.sender_agent_id, ${c('receiver_agent_id')} AS receiver, ${c('message_type')} AS type, ${c('payload')} AS payload, m.timestamp, ${c('delivery_status')} AS delivery, ${c('response_to')} AS response_to`,
      from: 'agent_messages m',
      where,
      params,
      keys: ['m.timestamp', 'm.rowid'],
      limit: q.limit,
      cursor: q.cursor,
      what: 'messages',
    })
    return {
      items: page.rows.map((r) => ({
        id: String(r.message_id),
        sessionId: q.sessionId ?? null,
        senderAgentId: String(r.sender_agent_id),
        receiverAgentId: (r.receiver as string | null) ?? null,
        type: (r.type as string | null) ?? null,
        payload: decodeJsonish(r.payload),
        time: toMillis(r.timestamp) ?? 0,
        deliveryStatus: (r.delivery as string | null) ?? null,
        responseTo: (r.response_to as string | null) ?? null,
      })),
      nextCursor: page.nextCursor,
    }
  }

  override listTasks(q: TaskQuery): Page<Task> {
    if (!this.has('task_execution')) return { items: [], nextCursor: null }
    const where: string[] = []
    const params: unknown[] = []
    const c = (n: string) => this.col('task_execution', 'k', n)
    const { table, session } = this.spanTable
    // keyed by swarm like the registry: a session's tasks are its swarm's and its agents'
    if (q.sessionId !== undefined)
      addWhere(
        where,
        params,
        `(${c('swarm_id')} = ? OR k.agent_id IN (SELECT agent_id FROM (SELECT agent_id FROM ${table} WHERE ${session} = ? LIMIT ${SCAN_CAP})))`,
        q.sessionId,
        q.sessionId,
      )
    if (q.agentId !== undefined) addWhere(where, params, 'k.agent_id = ?', q.agentId)
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: `k.task_id, ${c('agent_id')} AS agent_id, ${c('swarm_id')} AS swarm_id, ${c('task_type')} AS task_type, ${c('status')} AS status, ${c('priority')} AS priority, ${c('start_time')} AS start_time, ${c('end_time')} AS end_time, ${c('error_message')} AS error_message, ${c('result')} AS result`,
      from: 'task_execution k',
      where,
      params,
      keys: ['k.rowid'],
      limit: q.limit,
      cursor: q.cursor,
      what: 'tasks',
    })
    return {
      items: page.rows.map((r) => {
        const s = toMillis(r.start_time)
        const e = toMillis(r.end_time)
        return {
          id: String(r.task_id),
          sessionId: q.sessionId ?? (r.swarm_id as string | null) ?? null,
          agentId: (r.agent_id as string | null) ?? null,
          name: (r.task_type as string | null) ?? null,
          status: (r.status as string | null) ?? null,
          startTime: s,
          endTime: e,
          durationMs: s !== null && e !== null ? e - s : null,
          tokensUsed: null,
          attributes: {
            priority: r.priority ?? null,
            errorMessage: r.error_message ?? null,
            result: decodeJsonish(r.result),
          },
        }
      }),
      nextCursor: page.nextCursor,
    }
  }

  override listMetrics(q: MetricQuery): Page<MetricSample> {
    // performance_snapshots (a JSON object of numbers per row, per session) and resource_usage
    // (columns per agent, no session) as one time-ordered stream; each side reads its most recent
    // SCAN_CAP rows. A row expands into one sample per number: rows per page = limit / 16 and at
    // most 16 samples per row, so a page never exceeds `limit`.
    const parts: string[] = []
    if (this.has('performance_snapshots')) {
      const t = sqlMillis('p.timestamp', this.timeColumn('performance_snapshots', 'timestamp'))
      parts.push(
        `SELECT 'p' || p.rowid AS k, p.session_id AS session_id, NULL AS agent_id, ${t} AS t_ms, p.metrics AS metrics FROM (SELECT rowid, session_id, timestamp, metrics FROM performance_snapshots ORDER BY rowid DESC LIMIT ${SCAN_CAP}) p`,
      )
    }
    const fromParams: unknown[] = []
    if (this.has('resource_usage')) {
      const t = sqlMillis('r.timestamp', this.timeColumn('resource_usage', 'timestamp'))
      const cols = [
        'cpu_percent',
        'memory_bytes',
        'disk_bytes',
        'network_bytes_in',
        'network_bytes_out',
        'open_files',
      ].filter((c) => this.has('resource_usage', c))
      const obj = `json_object(${cols.map((c) => `'${c}', r.${c}`).join(', ')})`
      const select = (session: string, rows: string) =>
        `SELECT 'r' || r.rowid AS k, ${session} AS session_id, r.agent_id AS agent_id, ${t} AS t_ms, ${cols.length ? obj : "'{}'"} AS metrics FROM (SELECT rowid, ${this.col('resource_usage', 'resource_usage', 'agent_id')} AS agent_id, timestamp${cols.map((c) => `, ${c}`).join('')} FROM resource_usage${rows} ORDER BY rowid DESC LIMIT ${SCAN_CAP}) r`
      if (q.sessionId === undefined) parts.push(select('NULL', ''))
      else {
        // resource rows carry no session: a session's are those of its agents while it was
        // written (agent ids like 'coder' recur in every run, so the time bounds them too)
        const { table, session } = this.spanTable
        const st = sqlMillis('x.timestamp', this.timeColumn(table, 'timestamp'))
        const span = `(SELECT min(${st}) AS a, max(${st}) AS b FROM (SELECT timestamp FROM ${table} WHERE ${session} = ? LIMIT ${SCAN_CAP}) x)`
        parts.push(
          `SELECT y.* FROM (${select('?', ` WHERE agent_id IN (SELECT agent_id FROM ${table} WHERE ${session} = ? LIMIT ${SCAN_CAP})`)}) y, ${span} w WHERE y.t_ms BETWEEN w.a AND w.b`,
        )
        fromParams.push(q.sessionId, q.sessionId, q.sessionId)
      }
    }
    if (!parts.length) return { items: [], nextCursor: null }
    const where: string[] = []
    const params: unknown[] = [...fromParams]
    if (q.sessionId !== undefined) addWhere(where, params, 'x.session_id = ?', q.sessionId)
    if (q.agentId !== undefined) addWhere(where, params, 'x.agent_id = ?', q.agentId)
    if (q.since !== undefined) addWhere(where, params, 'x.t_ms >= ?', q.since)
    if (q.until !== undefined) addWhere(where, params, 'x.t_ms <= ?', q.until)
    const page = keysetPage<Row>(this.conn.db, this.file, {
      columns: 'x.*',
      from: `(${parts.join(' UNION ALL ')}) x`,
      where,
      params,
      keys: ['x.t_ms', 'x.k'],
      limit: Math.max(1, Math.floor(pageSize(q.limit) / 16)),
      cursor: q.cursor,
      what: 'metrics',
    })
    const items: MetricSample[] = []
    for (const r of page.rows)
      for (const [name, value] of Object.entries(decodeObject(r.metrics)).slice(0, 16))
        if (typeof value === 'number' && (q.name === undefined || q.name === name))
          items.push({
            sessionId: r.session_id === null ? null : String(r.session_id),
            agentId: r.agent_id === null ? null : String(r.agent_id),
            time: Math.round(Number(r.t_ms) * 1000) / 1000,
            name,
            value,
          })
    return { items, nextCursor: page.nextCursor }
  }
}
