// ddeutil-workflow records no end for a run: a run whose log lines are still arriving (within the
// quiet time) is an open span, drawn as running; once quiet, its last line is its end.
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { startChildWriter, type ChildWriter } from '../fixtures/childWriter'
import { pythonIso } from '../fixtures/fixtureTypes'
import { tempDir, writeDdeutilDb } from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-ddeutil-open-')
afterAll(() => cleanup())

let writer: ChildWriter | null = null
afterEach(async () => {
  delete process.env.TRACESCOPE_QUIET_MS
  await writer?.close()
  writer = null
})

const line = (run: string, ms: number, message: string): string =>
  `INSERT INTO traces (run_id, level, message, mode, datetime, process, thread, filename, lineno, workflow_name) VALUES ('${run}', 'info', '${message}', 'normal', '${pythonIso(ms)}', 1, 1, 'wf.py', 1, 'etl')`

describe('ddeutil-workflow runs without an end', () => {
  it('a run still logging (another process) is open; a quiet one ends at its last line', async () => {
    const file = path.join(dir, 'workflow.db')
    writeDdeutilDb(file, { sessions: 1, wal: true })
    const now = Date.now()
    writer = await startChildWriter(file, 'sql', [{ sql: line('live-run', now - 1000, 'Start') }])
    process.env.TRACESCOPE_QUIET_MS = '60000'
    const src = openSource(file)
    try {
      src.queries.changeToken()
      const spans = src.queries.listSpans({ sessionId: 'live-run' }).items
      const run = spans.find((s) => s.spanId === 'run:live-run')
      expect(run).toMatchObject({ endTime: null, durationMs: null, status: 'unset' })
      expect(src.queries.getSession('live-run')).toMatchObject({ endTime: null, status: 'running' })
      // the runs written long ago ended at their last line
      const old = src.queries.listSessions({}).items.filter((s) => s.id !== 'live-run')
      expect(old.length).toBeGreaterThan(0)
      for (const s of old) {
        const root = src.queries
          .listSpans({ sessionId: s.id })
          .items.find((sp) => sp.spanId === `run:${s.id}`)
        expect(root?.endTime).not.toBeNull()
      }
      // past the quiet time the same run is closed at its last line
      process.env.TRACESCOPE_QUIET_MS = '500'
      const closed = src.queries
        .listSpans({ sessionId: 'live-run' })
        .items.find((s) => s.spanId === 'run:live-run')
      expect(closed?.endTime).toBe(now - 1000)
      expect(closed?.status).toBe('ok')
    } finally {
      src.close()
    }
  })
})
