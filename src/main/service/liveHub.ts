// Live updates, per view. Each subscription holds a "dirty" flag, not a queue: when its source
// changes, the latest counts are computed and sent — at most once per LIVE_MIN_INTERVAL_MS and
// only after the client acknowledged the previous event. A frozen client therefore costs one
// flag per subscription however long it stays frozen; when it wakes it gets the newest state.
import { randomBytes } from 'node:crypto'
import { ContractError } from '../../shared/contract/errors'
import { LIVE_CHANNEL_OF, LIVE_MIN_INTERVAL_MS } from '../../shared/contract/events'
import type { EventChannel, LiveEventChannel } from '../../shared/contract/events'
import type { LiveTopic } from '../../shared/contract/invoke'
import { MAX_PAGE } from '../../shared/queries'
import type { StoreService } from './storeService'

export const MAX_SUBSCRIPTIONS_PER_CALLER = 256

export type EventSink = (channel: EventChannel, payload: unknown) => void

export interface LiveSpecIn {
  sourceId: string
  topic: LiveTopic
  sessionId?: string
}

interface Sub {
  id: string
  callerId: string
  spec: LiveSpecIn
  seq: number
  inFlight: boolean
  dirty: boolean
  timer: NodeJS.Timeout | null
  lastSentAt: number
  /** what was last sent, to skip events that would say nothing new */
  fingerprint: string | null
  minIntervalMs: number
}

export interface LiveHubOptions {
  minIntervalMs?: number
  /** counting every unresolved error of a source is heavier: at most this often */
  globalErrorsIntervalMs?: number
}

export class LiveHub {
  private readonly sinks = new Map<string, EventSink>()
  private readonly subs = new Map<string, Sub>()
  private readonly tokens = new Map<string, number>()
  private readonly minIntervalMs: number
  private readonly globalErrorsIntervalMs: number
  private readonly stopListening: () => void

  constructor(
    private readonly service: StoreService,
    opts: LiveHubOptions = {},
  ) {
    this.minIntervalMs = opts.minIntervalMs ?? LIVE_MIN_INTERVAL_MS
    this.globalErrorsIntervalMs = opts.globalErrorsIntervalMs ?? 1000
    this.stopListening = service.onChange((sourceId, token) => this.onChange(sourceId, token))
  }

  connect(callerId: string, sink: EventSink): void {
    this.sinks.set(callerId, sink)
  }

  disconnect(callerId: string): void {
    this.sinks.delete(callerId)
    for (const sub of this.subs.values()) if (sub.callerId === callerId) this.remove(sub)
  }

  /** send a non-live event (export progress, source opened) to one caller */
  send(callerId: string, channel: EventChannel, payload: unknown): void {
    this.sinks.get(callerId)?.(channel, payload)
  }

  subscribe(callerId: string, spec: LiveSpecIn): string {
    if (spec.topic === 'spans' && !spec.sessionId) {
      throw new ContractError(
        'invalid-input',
        'live.subscribe: a spans subscription needs sessionId',
        {
          field: 'sessionId',
          channel: 'live.subscribe',
        },
      )
    }
    let mine = 0
    for (const sub of this.subs.values()) if (sub.callerId === callerId) mine++
    if (mine >= MAX_SUBSCRIPTIONS_PER_CALLER) {
      // a view that subscribes in a loop must not grow main without bound
      throw new ContractError(
        'unavailable',
        `live.subscribe: ${MAX_SUBSCRIPTIONS_PER_CALLER} subscriptions are open in this window; unsubscribe some first`,
      )
    }
    const global = spec.topic === 'errors' && !spec.sessionId
    const sub: Sub = {
      id: randomBytes(8).toString('hex'),
      callerId,
      spec: { ...spec },
      seq: 0,
      inFlight: false,
      dirty: true,
      timer: null,
      lastSentAt: 0,
      fingerprint: null,
      minIntervalMs: global
        ? Math.max(this.globalErrorsIntervalMs, this.minIntervalMs)
        : this.minIntervalMs,
    }
    this.subs.set(sub.id, sub)
    this.schedule(sub)
    return sub.id
  }

  unsubscribe(callerId: string, id: string): boolean {
    const sub = this.subs.get(id)
    if (!sub || sub.callerId !== callerId) return false
    this.remove(sub)
    return true
  }

  ack(callerId: string, id: string, seq: number): boolean {
    const sub = this.subs.get(id)
    if (!sub || sub.callerId !== callerId || seq !== sub.seq) return false
    sub.inFlight = false
    if (sub.dirty) this.schedule(sub)
    return true
  }

  /** for tests and diagnostics: what the hub holds */
  stats(): { subscriptions: number; inFlight: number; dirty: number } {
    let inFlight = 0
    let dirty = 0
    for (const s of this.subs.values()) {
      if (s.inFlight) inFlight++
      if (s.dirty) dirty++
    }
    return { subscriptions: this.subs.size, inFlight, dirty }
  }

  dropSource(sourceId: string): void {
    for (const sub of this.subs.values()) if (sub.spec.sourceId === sourceId) this.remove(sub)
    this.tokens.delete(sourceId)
  }

  close(): void {
    this.stopListening()
    for (const sub of [...this.subs.values()]) this.remove(sub)
  }

  private remove(sub: Sub): void {
    if (sub.timer) clearTimeout(sub.timer)
    this.subs.delete(sub.id)
  }

  private onChange(sourceId: string, token: number): void {
    this.tokens.set(sourceId, token)
    for (const sub of this.subs.values()) {
      if (sub.spec.sourceId !== sourceId) continue
      sub.dirty = true
      this.schedule(sub)
    }
  }

  private schedule(sub: Sub): void {
    if (sub.inFlight || sub.timer || !this.subs.has(sub.id)) return
    const wait = Math.max(0, sub.lastSentAt + sub.minIntervalMs - Date.now())
    sub.timer = setTimeout(() => {
      sub.timer = null
      void this.fire(sub)
    }, wait)
    sub.timer.unref?.()
  }

  private async fire(sub: Sub): Promise<void> {
    if (!this.subs.has(sub.id) || sub.inFlight) return
    sub.dirty = false
    let computed: { channel: LiveEventChannel; body: Record<string, unknown>; fingerprint: string }
    try {
      computed = await this.compute(sub.spec)
    } catch (e) {
      // the source went away: the subscription has nothing left to report
      if (e instanceof ContractError && e.code === 'unknown-source') this.remove(sub)
      return
    }
    if (!this.subs.has(sub.id)) return
    if (computed.fingerprint === sub.fingerprint) {
      if (sub.dirty) this.schedule(sub)
      return
    }
    const sink = this.sinks.get(sub.callerId)
    if (!sink) return
    sub.fingerprint = computed.fingerprint
    sub.seq++
    sub.inFlight = true
    sub.lastSentAt = Date.now()
    sink(computed.channel, {
      subscriptionId: sub.id,
      seq: sub.seq,
      sourceId: sub.spec.sourceId,
      ...computed.body,
    })
  }

  private async token(sourceId: string): Promise<number> {
    const known = this.tokens.get(sourceId)
    if (known !== undefined) return known
    const t = await this.service.query(sourceId, 'changeToken')
    this.tokens.set(sourceId, t)
    return t
  }

  private async compute(spec: LiveSpecIn) {
    const changeToken = await this.token(spec.sourceId)
    const channel = LIVE_CHANNEL_OF[spec.topic]
    if (spec.topic === 'sessions') {
      return { channel, body: { changeToken }, fingerprint: String(changeToken) }
    }
    if (spec.sessionId) {
      // both at once: the info call must not add a round trip to a live event's latency
      const [s, info] = await Promise.all([
        this.service.query(spec.sourceId, 'getSession', spec.sessionId),
        spec.topic === 'spans' ? this.service.query(spec.sourceId, 'info') : null,
      ])
      const notLive = info?.notLive ?? null
      if (spec.topic === 'errors') {
        const unresolved = s?.unresolvedErrorCount ?? 0
        return {
          channel,
          body: { changeToken, sessionId: spec.sessionId, unresolved, capped: false },
          fingerprint: String(unresolved),
        }
      }
      const body = {
        changeToken,
        sessionId: spec.sessionId,
        spanCount: s?.spanCount ?? 0,
        errorCount: s?.errorCount ?? 0,
        unresolvedErrorCount: s?.unresolvedErrorCount ?? 0,
        lastActivity: s?.lastActivity ?? null,
        live: s?.live ?? false,
        status: s?.status ?? 'unknown',
        exists: s !== null,
        notLive,
        // the header's tokens and cost: a pass over a file only read ends with the token moving
        ...(s?.usage && { usage: s.usage }),
        ...(s?.usagePending && { usagePending: true }),
      }
      // the change token is part of it: a span ended or an attribute changed in place (counts
      // unchanged) must reach the open session too; the interval and the ack bound the rate
      return { channel, body, fingerprint: JSON.stringify(body) }
    }
    const page = await this.service.query(spec.sourceId, 'listErrors', {
      resolved: false,
      limit: MAX_PAGE,
    })
    const unresolved = page.items.length
    const capped = page.nextCursor !== null
    return {
      channel,
      body: { changeToken, sessionId: null, unresolved, capped },
      fingerprint: `${unresolved}|${capped}`,
    }
  }
}
