// Every event channel main pushes to a client. Live updates are notifications with the latest
// counts, never queued payloads: a client that falls behind misses intermediate states, not
// data — it re-queries (drop-and-resync). At most one unacknowledged live event per
// subscription is in flight and events are coalesced to ≤ 10/s, so a frozen client costs
// main a flag per subscription, not a growing queue.
import { z } from 'zod'
import type { PricesInfo, SourceSummary } from './invoke'
import type { UsageTotals } from '../genai/usageTotals'

const live = {
  subscriptionId: z.string(),
  /** per subscription, increasing; the client acks it with `live.ack` */
  seq: z.number().int(),
  sourceId: z.string(),
  /** the source's change token when this was computed */
  changeToken: z.number(),
}

export const eventSchemas = {
  /** something in the session list changed: re-query the visible page */
  'live.sessions': z.object({ ...live }),
  /** the followed session grew: fetch spans newer than what you have */
  'live.spans': z.object({
    ...live,
    sessionId: z.string(),
    spanCount: z.number(),
    errorCount: z.number(),
    unresolvedErrorCount: z.number(),
    lastActivity: z.number().nullable(),
    live: z.boolean(),
    /** the session's status now: another process may have completed or failed it */
    status: z.enum(['running', 'completed', 'failed', 'unknown']),
    /** false when the session does not exist (yet) */
    exists: z.boolean(),
    /** why later changes of the file are not shown (SourceInfo.notLive); null while followed */
    notLive: z.string().nullable(),
    /** the session's tokens and cost now (absent: no token counts) */
    usage: z.custom<UsageTotals>().optional(),
    /** its totals are still being added up (a file Tracescope only reads) */
    usagePending: z.boolean().optional(),
  }),
  /** unresolved error count, of one session or (sessionId null) the whole source */
  'live.errors': z.object({
    ...live,
    sessionId: z.string().nullable(),
    unresolved: z.number(),
    /** true when `unresolved` is a lower bound (counting stopped at one page) */
    capped: z.boolean(),
  }),
  'export.progress': z.object({
    exportId: z.string(),
    phase: z.enum(['running', 'done', 'failed', 'cancelled']),
    records: z.number(),
    bytes: z.number(),
    /** records expected, when known */
    total: z.number().nullable(),
    /** Electron: where the file was written */
    path: z.string().nullable(),
    /** browser mode: GET this (same origin, token included) to download the file */
    downloadUrl: z.string().nullable(),
    error: z.string().nullable(),
  }),
  /** main opened a file into this window (command line, second launch, menu) */
  'sources.opened': z.custom<SourceSummary>(),
  /**
   * a window saved a price in Settings: every other window and browser tab prices with the new
   * table and reads its sums again (the saving window already did)
   */
  'prices.changed': z.custom<PricesInfo>(),
  /** a source went away (file vanished, worker could not reopen it) */
  'sources.closed': z.object({ sourceId: z.string(), reason: z.string() }),
} as const

export type EventSchemas = typeof eventSchemas
export type EventChannel = keyof EventSchemas
export type EventPayload<E extends EventChannel> = z.infer<EventSchemas[E]>
export const EVENT_CHANNELS = Object.keys(eventSchemas) as EventChannel[]

export type LiveEventChannel = 'live.sessions' | 'live.spans' | 'live.errors'
export type BroadcastChannel = Exclude<EventChannel, LiveEventChannel>

/** What travels on the wire for an event. */
export interface EventMessage<E extends EventChannel = EventChannel> {
  channel: E
  payload: EventPayload<E>
}

/** topic of `live.subscribe` → the event channel its notifications arrive on */
export const LIVE_CHANNEL_OF = {
  sessions: 'live.sessions',
  spans: 'live.spans',
  errors: 'live.errors',
} as const satisfies Record<string, LiveEventChannel>

export const LIVE_MIN_INTERVAL_MS = 100
