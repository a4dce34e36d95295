// Chrome-trace export of a run with parallel tool calls, through the real CLI: on every thread the
// slices nest (what speedscope's importer insists on), and an agent's concurrent work gets extra
// tracks named after it.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import { placeOnTrack } from '../../src/main/exchange/exportChrome'
import { tempDir } from '../fixtures/seedWriters'
import { tracescope } from '../cli/cliHelpers'
import { storeWith, T0 } from './exchangeHelpers'

const { dir, cleanup } = tempDir('ts-chrome-')
afterAll(() => cleanup())

interface ChromeEvent {
  name: string
  ph: string
  ts?: number
  dur?: number
  pid: number
  tid: number
  args?: Record<string, unknown>
}

/**
 * What speedscope's trace-event importer checks: per (pid, tid), complete events turned into
 * begin/end pairs must close in the reverse order they opened. Events are taken by start, the
 * longer first on a tie (the enclosing one); an event must end within the one it starts inside.
 * Returns the problems found, one line each.
 */
function nestingProblems(events: ChromeEvent[]): string[] {
  const problems: string[] = []
  const byThread = new Map<string, ChromeEvent[]>()
  for (const e of events) {
    if (e.ph !== 'X') continue
    const k = `${e.pid}:${e.tid}`
    const list = byThread.get(k) ?? []
    list.push(e)
    byThread.set(k, list)
  }
  for (const [thread, list] of byThread) {
    list.sort((a, b) => a.ts! - b.ts! || b.dur! - a.dur!)
    const open: ChromeEvent[] = []
    for (const e of list) {
      while (open.length && open[open.length - 1].ts! + open[open.length - 1].dur! <= e.ts!)
        open.pop()
      const top = open[open.length - 1]
      if (top && e.ts! + e.dur! > top.ts! + top.dur!)
        problems.push(
          `thread ${thread}: tried to end "${top.name}" while "${e.name}" is still open`,
        )
      open.push(e)
    }
  }
  return problems
}

function span(
  id: string,
  parent: string | null,
  start: number,
  end: number,
  agentId: string | null,
): TraceRecord {
  return {
    kind: 'span',
    sessionId: 'parallel-run',
    spanId: id,
    parentSpanId: parent,
    name: id.replace(/-\d+$/, ''),
    agentId,
    startTime: T0 + start,
    endTime: T0 + end,
    status: 'ok',
  }
}

/** coder: one turn with three overlapping tool calls (one with a nested read), then a second turn. */
function parallelRun(): TraceRecord[] {
  return [
    { kind: 'session', id: 'parallel-run', name: 'parallel tools', status: 'completed' },
    { kind: 'agent', id: 'coder', name: 'coder', sessionId: 'parallel-run' },
    span('turn-1', null, 0, 1000, 'coder'),
    span('tool-1', 'turn-1', 100, 600, 'coder'),
    span('tool-2', 'turn-1', 150, 700, 'coder'),
    span('read-1', 'tool-2', 200, 300, 'coder'),
    span('tool-3', 'turn-1', 160, 400, 'coder'),
    span('turn-2', null, 1200, 1500, 'coder'),
    span('tool-4', 'turn-2', 1250, 1300, 'coder'),
  ]
}

describe('Chrome trace export', () => {
  it('puts concurrent spans of one agent on tracks of their own, so every thread nests', async () => {
    const db = path.join(dir, 'parallel.db')
    const store = await storeWith(db, parallelRun())
    await store.close()
    const out = path.join(dir, 'parallel.trace.json')
    const r = await tracescope(['export', '--db', db, '--format', 'chrome', '--out', out])
    expect(r.code, r.stderr).toBe(0)
    const { traceEvents } = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      traceEvents: ChromeEvent[]
    }
    expect(nestingProblems(traceEvents)).toEqual([])
    const slices = traceEvents.filter((e) => e.ph === 'X')
    expect(slices).toHaveLength(7)
    const threadNames = traceEvents
      .filter((e) => e.ph === 'M' && e.name === 'thread_name')
      .map((e) => e.args!.name)
    // tool-2 overlaps tool-1 (track 2), tool-3 overlaps both (track 3); turn-2 fits track 1 again
    expect(threadNames).toEqual(['coder', 'coder #2', 'coder #3'])
    const tidOf = (name: string) => slices.find((e) => e.args!.spanId === name)!.tid
    expect(new Set(['turn-1', 'tool-1', 'turn-2', 'tool-4'].map(tidOf)).size).toBe(1)
    expect(tidOf('read-1')).toBe(tidOf('tool-2'))
    expect(tidOf('tool-2')).not.toBe(tidOf('tool-1'))
    expect(tidOf('tool-3')).not.toBe(tidOf('tool-2'))
  })

  it('the nesting check itself rejects overlapping slices on one thread', () => {
    const e = (name: string, ts: number, dur: number): ChromeEvent => ({
      name,
      ph: 'X',
      ts,
      dur,
      pid: 1,
      tid: 2,
    })
    expect(nestingProblems([e('a', 0, 10), e('b', 5, 10)])).toHaveLength(1)
    expect(nestingProblems([e('a', 0, 10), e('b', 5, 5), e('c', 10, 3)])).toEqual([])
  })

  it('placeOnTrack nests a child under its parent, never a sibling, and reuses ended tracks', () => {
    const tracks = [{ tid: 2, open: [] as Array<[number, number, string]> }]
    expect(placeOnTrack(tracks, 0, 10, 'p', null)?.tid).toBe(2)
    expect(placeOnTrack(tracks, 2, 4, 'c1', 'p')?.tid).toBe(2)
    expect(placeOnTrack(tracks, 3, 12, 'c2', 'p')).toBeNull() // outlives its parent's slice
    expect(placeOnTrack(tracks, 5, 6, 'c3', 'p')?.tid).toBe(2) // c1 has ended
    expect(placeOnTrack(tracks, 7, 8, 'x', 'other')).toBeNull() // inside p, not p's child
    expect(placeOnTrack(tracks, 10, 20, 'q', null)?.tid).toBe(2)
  })
})
