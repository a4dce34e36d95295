import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importFile } from '../../src/main/exchange/importFile'
import { isOtlpSpanId, isOtlpTraceId, otlpSpanId } from '../../src/main/exchange/otlpIds'
import { msToNanos, nanosToMs } from '../../src/main/exchange/otlpValues'
import { stableStringify } from '../../src/main/exchange/records'
import { otlpTracesToRecords } from '../../src/main/otlp'
import { openStore } from '../../src/main/store/traceStore'
import type { TraceStore } from '../../src/main/store/storeApi'
import { tempDir } from '../fixtures/seedWriters'
import { hexSpanId, exportToFile, exportToString, richRecords, storeWith } from './exchangeHelpers'

interface KV {
  key: string
  value: Record<string, unknown>
}
interface OtlpDoc {
  resourceSpans: Array<{
    resource: { attributes: KV[] }
    scopeSpans: Array<{
      scope: { name: string }
      spans: Array<Record<string, unknown> & { attributes: KV[]; spanId: string; traceId: string }>
    }>
  }>
}

const sortKv = (kvs: KV[] = []): KV[] => [...kvs].sort((a, b) => a.key.localeCompare(b.key))

/** Every span with its resource and scope, attributes sorted: order-free comparison of two documents. */
function flatten(doc: OtlpDoc): string[] {
  const out: string[] = []
  for (const rs of doc.resourceSpans)
    for (const ss of rs.scopeSpans)
      for (const sp of ss.spans)
        out.push(
          stableStringify({
            resource: sortKv(rs.resource.attributes),
            scope: ss.scope,
            ...sp,
            attributes: sortKv(sp.attributes),
            events: ((sp.events as Array<{ attributes: KV[] }>) ?? []).map((e) => ({
              ...e,
              attributes: sortKv(e.attributes),
            })),
          }),
        )
  return out.sort()
}

let dir: string
let cleanup: () => void
let source: TraceStore
const written = richRecords()
const spans = written.filter((r) => r.kind === 'span')

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-otlp-'))
  source = await storeWith(path.join(dir, 'source.db'), written)
})
afterAll(async () => {
  await source.close()
  cleanup()
})

describe('OTLP JSON export', () => {
  it('is a request the OTLP mapping accepts in full, with valid ids and the session/agent conventions', async () => {
    const doc = JSON.parse(await exportToString(source, 'otlp')) as OtlpDoc
    const all = doc.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans))
    expect(all).toHaveLength(spans.length)
    for (const sp of all) {
      expect(isOtlpTraceId(sp.traceId)).toBe(true)
      expect(isOtlpSpanId(sp.spanId)).toBe(true)
      expect(String(sp.startTimeUnixNano)).toMatch(/^\d+$/)
    }
    const sessionIds = doc.resourceSpans.map(
      (rs) => rs.resource.attributes.find((a) => a.key === 'session.id')?.value.stringValue,
    )
    expect(new Set(sessionIds)).toEqual(new Set(['run-alpha', 'run-beta']))
    // non-hex ids became hex deterministically, the original kept
    const beta = all.find((s) =>
      s.attributes.some(
        (a) => a.key === 'tracescope.original_span_id' && a.value.stringValue === 'span-3',
      ),
    )!
    expect(beta.spanId).toBe(otlpSpanId('run-beta', 'span-3'))
    const child = all.find((s) =>
      s.attributes.some(
        (a) => a.key === 'tracescope.original_span_id' && a.value.stringValue === 'span-7',
      ),
    )!
    expect(child.parentSpanId).toBe(beta.spanId)
    // hex ids pass through untouched
    expect(
      all
        .filter((s) => s.spanId.startsWith('b7ad6b71692033'))
        .map((s) => s.spanId)
        .sort(),
    ).toEqual(Array.from({ length: 12 }, (_, i) => hexSpanId(i)))
    const failed = all.find(
      (s) =>
        (s.status as { code: number }).code === 2 &&
        s.attributes.some((a) => a.key === 'gen_ai.agent.name' && a.value.stringValue === 'coder'),
    )
    expect(failed).toBeDefined()
    const events = (failed!.events as Array<{ name: string }>).map((e) => e.name)
    expect(events).toEqual(['retry', 'exception'])
    const mapped = otlpTracesToRecords(doc)
    expect(mapped.rejected).toEqual([])
    expect(mapped.accepted).toBe(spans.length)
  })

  it('round trip: export → import → export gives the same spans', async () => {
    const first = path.join(dir, 'first.otlp.json')
    await exportToFile(source, 'otlp', first)
    const target = openStore(path.join(dir, 'otlp-target.db'))
    try {
      const res = await importFile(target, first)
      expect(res.format).toBe('otlp-json')
      expect(res.rejected).toBe(0)
      const sessions = target.listSessions({ limit: 10 }).items.map((s) => s.id)
      expect(sessions.sort()).toEqual(['run-alpha', 'run-beta'])
      const again = JSON.parse(await exportToString(target, 'otlp')) as OtlpDoc
      expect(flatten(again)).toEqual(flatten(JSON.parse(fs.readFileSync(first, 'utf8')) as OtlpDoc))
    } finally {
      await target.close()
    }
  })

  it('times: ms ↔ decimal nanoseconds keep microseconds', () => {
    expect(msToNanos(1746093600100.25)).toBe('1746093600100250000')
    expect(nanosToMs('1746093600100250000')).toBe(1746093600100.25)
    expect(msToNanos(nanosToMs(msToNanos(1746093600123.457)))).toBe(msToNanos(1746093600123.457))
  })
})

describe('Chrome trace export', () => {
  it('has X events in µs, a process per session, a thread per agent, metadata names and error instants', async () => {
    const doc = JSON.parse(await exportToString(source, 'chrome')) as {
      traceEvents: Array<Record<string, unknown>>
    }
    const ev = doc.traceEvents
    const complete = ev.filter((e) => e.ph === 'X')
    expect(complete).toHaveLength(spans.length)
    const procNames = ev.filter((e) => e.ph === 'M' && e.name === 'process_name')
    expect(procNames.map((e) => (e.args as { name: string }).name).sort()).toEqual([
      'Run 0 (run-alpha)',
      'Run 1 (run-beta)',
    ])
    const threads = ev
      .filter((e) => e.ph === 'M' && e.name === 'thread_name')
      .map((e) => `${String(e.pid)}:${(e.args as { name: string }).name}`)
    expect(threads).toEqual(
      expect.arrayContaining(['1:Planner', '1:Coder', '1:(no agent)', '2:Planner', '2:Coder']),
    )
    const first = spans.find((s) => s.kind === 'span' && s.spanId === 'span-1')! as {
      startTime: number
      endTime: number
    }
    const x = complete.find((e) => (e.args as { spanId: string }).spanId === 'span-1')!
    expect(x.ts).toBe(Math.round(first.startTime * 1000))
    expect(x.dur).toBe(Math.round(first.endTime * 1000) - Math.round(first.startTime * 1000))
    const byPid = new Map(procNames.map((p) => [p.pid, (p.args as { name: string }).name]))
    expect(byPid.get(x.pid)).toContain('run-beta')
    const instants = ev.filter((e) => e.ph === 'i')
    expect(instants).toHaveLength(written.filter((r) => r.kind === 'error').length)
    expect(instants.every((e) => e.s === 't' && typeof e.ts === 'number')).toBe(true)
  })

  it('follows the filter: one session, error spans only', async () => {
    const doc = JSON.parse(
      await exportToString(source, 'chrome', { sessions: ['run-beta'], status: 'error' }),
    ) as { traceEvents: Array<Record<string, unknown>> }
    const complete = doc.traceEvents.filter((e) => e.ph === 'X')
    expect(complete.map((e) => (e.args as { spanId: string }).spanId)).toEqual(['span-5'])
  })
})
