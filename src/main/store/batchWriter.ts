// Applies one batch of prepared records in one IMMEDIATE transaction with prepared statements,
// then folds the batch's per-session and per-agent aggregates into `sessions` / `agents` with one
// UPDATE each. If the transaction fails for a reason other than SQLITE_BUSY, the batch is retried
// with each record in its own savepoint, so only the records that fail are lost (and reported).
import type Database from 'better-sqlite3'
import type { Dictionary } from './dictionary'
import { isBusyError, isWholeBatchError } from './storeErrors'
import { PendingCache } from './pendingCache'
import { storedForm } from './payloadCodec'
import { mergedSessionAttributes } from './sessionAttributes'
import type { PreparedRecord } from './preparedRecord'
import { prepareWriteStatements, type WriteStatements } from './writeStatements'
import { UsageLedger } from './usageLedger'
import { derivedErrorId } from './errorIdentity'
import {
  cloneAgentAgg,
  cloneAgg,
  foldAggregates,
  newAgg,
  pairKey,
  widen,
  type AgentAggEntry,
  type Agg,
} from './batchAggregates'

export interface BatchOutcome {
  /** positions (in the batch) of records that failed inside SQLite, with the reason */
  failed: Array<{ position: number; reason: string }>
  /** rows of spans rewritten after the search index had already covered them */
  reindexSpans: number[]
}

export class BatchWriter {
  private readonly st: WriteStatements
  private readonly usage: UsageLedger
  private readonly sessions = new PendingCache<string, number>()
  private readonly agentsSeen = new PendingCache<number | string, true>()
  private sessionAgg = new Map<number, Agg>()
  private agentAgg = new Map<number | string, AgentAggEntry>()
  private reindex: number[] = []
  private dataVersion = -1
  private ftsSpanWatermark: () => number = () => 0

  constructor(
    private readonly db: Database.Database,
    private readonly dict: Dictionary,
  ) {
    this.st = prepareWriteStatements(db)
    this.usage = new UsageLedger(db)
  }

  /** Retention deleted sessions (and their agents): cached row ids may be stale. */
  forgetSessions(): void {
    this.sessions.clear()
    this.agentsSeen.clear()
  }

  /** The search indexer tells the writer how far it has indexed spans. */
  setSpanSearchWatermark(watermark: () => number): void {
    this.ftsSpanWatermark = watermark
  }

  write(records: PreparedRecord[]): BatchOutcome {
    try {
      this.db
        .transaction(() => {
          this.checkOtherWriters()
          this.reset()
          for (const r of records) this.apply(r)
          this.flushAggregates()
        })
        .immediate()
      this.commitCaches()
      return { failed: [], reindexSpans: this.reindex }
    } catch (err) {
      this.rollbackCaches()
      // busy: the queue retries; full disk, I/O, corruption: no record of the batch can be
      // written, so the batch is rejected with that cause instead of being retried one by one
      if (isBusyError(err) || isWholeBatchError(err)) throw err
    }
    return this.writeIsolated(records)
  }

  private writeIsolated(records: PreparedRecord[]): BatchOutcome {
    const failed: BatchOutcome['failed'] = []
    try {
      this.db
        .transaction(() => {
          this.checkOtherWriters()
          this.reset()
          failed.length = 0
          records.forEach((r, position) => {
            const marks = [this.dict.mark(), this.sessions.mark(), this.agentsSeen.mark()]
            const savedSession = cloneAgg(this.sessionAgg)
            const savedAgent = cloneAgentAgg(this.agentAgg)
            const savedUsage = this.usage.snapshot()
            const reindexLength = this.reindex.length
            try {
              this.db.transaction(() => this.apply(r))()
            } catch (err) {
              // SQLite rolled the whole transaction back itself (SQLITE_FULL and the like):
              // going on would only end in "cannot commit" and hide the cause
              if (isBusyError(err) || isWholeBatchError(err) || !this.db.inTransaction) throw err
              this.dict.rollbackTo(marks[0])
              this.sessions.rollbackTo(marks[1])
              this.agentsSeen.rollbackTo(marks[2])
              this.sessionAgg = savedSession
              this.agentAgg = savedAgent
              this.usage.restore(savedUsage)
              this.reindex.length = reindexLength
              failed.push({ position, reason: (err as Error).message })
            }
          })
          this.flushAggregates()
        })
        .immediate()
    } catch (err) {
      this.rollbackCaches()
      throw err
    }
    this.commitCaches()
    return { failed, reindexSpans: this.reindex }
  }

  /**
   * Inside the write transaction (the write lock is held): if another connection committed since
   * our last batch, it may have deleted sessions or agents, so their cached row ids are dropped.
   * Dictionary ids are never deleted and stay cached.
   */
  private checkOtherWriters(): void {
    const version = this.db.pragma('data_version', { simple: true }) as number
    if (version !== this.dataVersion) {
      this.sessions.clear()
      this.agentsSeen.clear()
      this.dataVersion = version
    }
  }

  private reset(): void {
    this.sessionAgg = new Map()
    this.agentAgg = new Map()
    this.usage.reset()
    this.reindex = []
  }

  private commitCaches(): void {
    this.dict.commit()
    this.sessions.commit()
    this.agentsSeen.commit()
  }

  private rollbackCaches(): void {
    this.dict.rollbackTo(0)
    this.sessions.rollbackTo(0)
    this.agentsSeen.rollbackTo(0)
  }

  private sid(id: string): number {
    const cached = this.sessions.get(id)
    if (cached !== undefined) return cached
    this.st.ensureSession.run(id)
    const sid = this.st.sessionSid.get(id) as number
    this.sessions.set(id, sid)
    return sid
  }

  private optionalSid(id: string | null): number | null {
    return id === null ? null : this.sid(id)
  }

  private agg(sid: number): Agg {
    let a = this.sessionAgg.get(sid)
    if (!a) {
      a = newAgg()
      this.sessionAgg.set(sid, a)
    }
    return a
  }

  private agentAggOf(sid: number, agent: number): Agg {
    const key = pairKey(sid, agent)
    let a = this.agentAgg.get(key)
    if (!a) {
      a = { session: sid, agent, agg: newAgg() }
      this.agentAgg.set(key, a)
    }
    return a.agg
  }

  /** Registers an agent of a session once; returns its dictionary id. */
  private touchAgent(sid: number | null, agentId: string): number {
    const agent = this.dict.idFor(agentId)
    const session = sid ?? 0
    const key = pairKey(session, agent)
    if (this.agentsSeen.get(key) === undefined) {
      const inserted = this.st.ensureAgent.run(session, agent, agentId).changes
      if (inserted > 0 && session !== 0) this.agg(session).agents++
      this.agentsSeen.set(key, true)
    }
    return agent
  }

  private apply(r: PreparedRecord): void {
    const st = this.st
    const dict = this.dict
    switch (r.kind) {
      case 'session': {
        st.upsertSession.run({
          id: r.id,
          name: r.name,
          status: r.status,
          startTime: r.startTime,
          endTime: r.endTime,
          attributes: mergedSessionAttributes(st.sessionAttributes, r.id, storedForm(r.attributes)),
        })
        this.sid(r.id)
        return
      }
      case 'span': {
        const sid = this.sid(r.sessionId)
        const agent = r.agentId === null ? null : this.touchAgent(sid, r.agentId)
        const name = dict.idFor(r.name)
        const kind = dict.optionalIdFor(r.spanKind)
        const attributes = storedForm(r.attributes)
        const links = storedForm(r.links)
        const inserted = st.spanExists.get(sid, r.startTime, r.spanId) === undefined
        if (inserted) {
          st.insertSpan.run(
            sid,
            r.startTime,
            r.spanId,
            r.traceId,
            r.parentId,
            name,
            kind,
            agent,
            r.endTime,
            r.status,
            r.statusMessage,
            attributes,
            links,
          )
        } else {
          const rowid = st.updateSpan.pluck().get({
            session: sid,
            startTime: r.startTime,
            spanId: r.spanId,
            traceId: r.traceId,
            parentId: r.parentId,
            name,
            kind,
            agent,
            endTime: r.endTime,
            status: r.status,
            statusMessage: r.statusMessage,
            attributes,
            links,
          }) as number
          if (rowid <= this.ftsSpanWatermark()) this.reindex.push(rowid)
        }
        const at = { sid, startTime: r.startTime, spanId: r.spanId, parentId: r.parentId }
        this.usage.spanWritten(at, agent, r.usage, inserted, attributes !== null)
        const last = r.endTime ?? r.startTime
        const a = this.agg(sid)
        widen(a, r.startTime, last)
        if (inserted) a.spans++
        if (agent !== null) {
          const aa = this.agentAggOf(sid, agent)
          widen(aa, r.startTime, last)
          if (inserted) aa.spans++
        }
        return
      }
      case 'event': {
        const sid = this.sid(r.sessionId)
        const agent = r.agentId === null ? null : this.touchAgent(sid, r.agentId)
        st.insertEvent.run(
          sid,
          r.time,
          r.id,
          r.spanId,
          agent,
          dict.idFor(r.name),
          dict.optionalIdFor(r.level),
          r.message,
          storedForm(r.attributes),
        )
        widen(this.agg(sid), r.time, r.time)
        return
      }
      case 'error': {
        const sid = this.optionalSid(r.sessionId)
        const agent = r.agentId === null ? null : this.touchAgent(sid, r.agentId)
        const inserted = st.insertError.run(
          r.id ?? derivedErrorId(r),
          sid,
          r.time,
          r.spanId,
          agent,
          dict.idFor(r.type),
          r.message,
          storedForm(r.stack),
          r.recoveryAction,
          r.resolved ? 1 : 0,
          r.resolutionNote,
          r.resolvedAt,
        ).changes
        if (sid !== null) {
          const a = this.agg(sid)
          widen(a, r.time, r.time)
          if (inserted > 0) {
            a.errors++
            if (!r.resolved) a.unresolved++
            if (agent !== null) this.agentAggOf(sid, agent).errors++
          }
        }
        return
      }
      case 'agent': {
        const sid = this.optionalSid(r.sessionId)
        const agent = this.touchAgent(sid, r.id)
        st.updateAgent.run({
          name: r.name,
          type: r.type,
          status: r.status,
          startTime: r.startTime,
          endTime: r.endTime,
          attributes: storedForm(r.attributes),
          session: sid ?? 0,
          agent,
        })
        if (sid !== null && r.startTime !== null)
          widen(this.agg(sid), r.startTime, r.endTime ?? r.startTime)
        return
      }
      case 'message': {
        const sid = this.optionalSid(r.sessionId)
        const sender = this.touchAgent(sid, r.senderAgentId)
        const receiver = r.receiverAgentId === null ? null : this.touchAgent(sid, r.receiverAgentId)
        st.insertMessage.run(
          sid,
          r.time,
          r.id,
          sender,
          receiver,
          dict.optionalIdFor(r.type),
          storedForm(r.payload),
          dict.optionalIdFor(r.deliveryStatus),
          r.responseTo,
        )
        if (sid !== null) widen(this.agg(sid), r.time, r.time)
        return
      }
      case 'task': {
        const sid = this.optionalSid(r.sessionId)
        const agent = r.agentId === null ? null : this.touchAgent(sid, r.agentId)
        st.upsertTask.run(
          r.id,
          sid,
          agent,
          r.name,
          r.status,
          r.startTime,
          r.endTime,
          r.tokensUsed,
          storedForm(r.attributes),
        )
        if (sid !== null && r.startTime !== null)
          widen(this.agg(sid), r.startTime, r.endTime ?? r.startTime)
        return
      }
      case 'metric': {
        const sid = this.optionalSid(r.sessionId)
        const agent = r.agentId === null ? null : this.touchAgent(sid, r.agentId)
        st.insertMetric.run(
          sid,
          agent,
          dict.idFor(r.name),
          r.time,
          r.value,
          storedForm(r.attributes),
        )
        return
      }
      case 'memory': {
        const sid = this.sid(r.sessionId)
        st.upsertMemory.run(sid, r.namespace, r.key, storedForm(r.value), r.time, r.expiresAt)
        return
      }
    }
  }

  private flushAggregates(): void {
    this.usage.flush()
    foldAggregates(this.st, this.sessionAgg, this.agentAgg)
  }
}
