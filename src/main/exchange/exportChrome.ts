// Chrome Trace Event JSON (the format Perfetto and chrome://tracing open): one process per
// session, one or more threads (tracks) per agent, "X" complete events for spans (µs), instant
// events for errors, metadata events naming processes and threads.
//
// Slices on one thread must nest (a slice ends before its enclosing one does): speedscope rejects
// a file where they overlap ("Tried to end … still open") and Perfetto misplaces them. An agent's
// concurrent spans (parallel tool calls) overlap, so each agent gets as many tracks as its
// concurrency needs — "coder", "coder #2", … — and a span goes on the first track it nests in.

import type { TraceQueries } from '../../shared/queries'
import type { TraceFilter } from './filters'
import { allItems } from './paging'
import { selectedSessions, sessionSpanPages } from './selection'
import type { TextSink } from './textSink'
import type { ExportCounter } from './exportTypes'

/** Events of spans without an agent go on thread 1 of their session's process. */
const NO_AGENT_TID = 1

/** One track's open slices, innermost last: [start, end] in µs and the span id. */
type Track = { tid: number; open: Array<[number, number, string]> }

/**
 * The first of `tracks` where the span nests: slices that ended by `start` are closed, then it
 * fits if nothing is open, or if the innermost open slice is its parent and encloses it (drawn
 * under a slice, a span reads as its child: a sibling never goes there). null: none fits.
 */
export function placeOnTrack(
  tracks: Track[],
  start: number,
  end: number,
  spanId: string,
  parentId: string | null,
): Track | null {
  for (const t of tracks) {
    while (t.open.length && t.open[t.open.length - 1][1] <= start) t.open.pop()
    const top = t.open[t.open.length - 1]
    if (!top || (top[2] === parentId && start >= top[0] && end <= top[1])) {
      t.open.push([start, end, spanId])
      return t
    }
  }
  return null
}

/** Epoch ms → whole µs, the unit of `ts` and `dur` (finer digits of a double would be noise). */
function us(ms: number): number {
  return Math.round(ms * 1000)
}

export async function writeChrome(
  q: TraceQueries,
  f: TraceFilter,
  sink: TextSink,
  count: ExportCounter,
): Promise<void> {
  await sink.write('{"displayTimeUnit":"ms","traceEvents":[\n')
  let first = true
  const emit = async (e: Record<string, unknown>): Promise<void> => {
    await sink.write((first ? '' : ',\n') + JSON.stringify(e))
    first = false
  }
  let pid = 0
  for (const session of selectedSessions(q, f)) {
    pid++
    count.records('session', 1)
    await emit({
      name: 'process_name',
      ph: 'M',
      pid,
      tid: 0,
      args: { name: session.name ? `${session.name} (${session.id})` : session.id },
    })
    await emit({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: pid } })
    const tids = new Map<string, number>()
    let nextTid = NO_AGENT_TID + 1
    const tracks = new Map<string, Track[]>()
    const agentNames = new Map<string, string>()
    for (const a of allItems((cursor, limit) =>
      q.listAgents({ sessionId: session.id, cursor, limit }),
    ))
      agentNames.set(a.id, a.name)
    const tidOf = async (agentId: string | null): Promise<number> => {
      if (agentId === null) {
        if (!tids.has('')) {
          tids.set('', NO_AGENT_TID)
          await emit({
            name: 'thread_name',
            ph: 'M',
            pid,
            tid: NO_AGENT_TID,
            args: { name: '(no agent)' },
          })
        }
        return NO_AGENT_TID
      }
      let tid = tids.get(agentId)
      if (tid === undefined) {
        tid = nextTid++
        tids.set(agentId, tid)
        await emit({
          name: 'thread_name',
          ph: 'M',
          pid,
          tid,
          args: { name: agentNames.get(agentId) ?? agentId },
        })
      }
      return tid
    }
    /** the track a span nests in (spans arrive in start order); a new one when none fits */
    const trackOf = async (
      agentId: string | null,
      start: number,
      end: number,
      spanId: string,
      parentId: string | null,
    ) => {
      const key = agentId ?? ''
      let list = tracks.get(key)
      if (!list) tracks.set(key, (list = [{ tid: await tidOf(agentId), open: [] }]))
      const fit = placeOnTrack(list, start, end, spanId, parentId)
      if (fit) return fit.tid
      const tid = nextTid++
      list.push({ tid, open: [[start, end, spanId]] })
      const name = agentId === null ? '(no agent)' : (agentNames.get(agentId) ?? agentId)
      await emit({
        name: 'thread_name',
        ph: 'M',
        pid,
        tid,
        args: { name: `${name} #${list.length}` },
      })
      return tid
    }
    const spanTids = new Map<string, number>()
    for (const page of sessionSpanPages(q, f, session.id)) {
      for (const s of page) {
        const ts = us(s.startTime)
        const dur = s.endTime === null ? 0 : Math.max(0, us(s.endTime) - ts)
        const tid = await trackOf(s.agentId, ts, ts + dur, s.spanId, s.parentSpanId)
        if (spanTids.size < 1_000_000) spanTids.set(s.spanId, tid)
        await emit({
          name: s.name,
          cat: s.kind || 'span',
          ph: 'X',
          ts,
          dur,
          pid,
          tid,
          args: {
            spanId: s.spanId,
            parentSpanId: s.parentSpanId,
            status: s.status,
            ...(s.statusMessage ? { statusMessage: s.statusMessage } : {}),
            ...(s.endTime === null ? { open: true } : {}),
            ...s.attributes,
          },
        })
      }
      count.records('span', page.length)
    }
    const range = { since: f.since, until: f.until }
    for (const err of allItems((cursor, limit) =>
      q.listErrors({ sessionId: session.id, ...range, cursor, limit }),
    )) {
      const tid =
        err.agentId !== null
          ? await tidOf(err.agentId)
          : (err.spanId && spanTids.get(err.spanId)) || (await tidOf(null))
      await emit({
        name: `error: ${err.type}`,
        cat: 'error',
        ph: 'i',
        s: 't',
        ts: us(err.time),
        pid,
        tid,
        args: {
          id: err.id,
          message: err.message,
          spanId: err.spanId,
          resolved: err.resolved,
          ...(err.stack ? { stack: err.stack } : {}),
        },
      })
      count.records('error', 1)
    }
  }
  await sink.write('\n]}\n')
}
