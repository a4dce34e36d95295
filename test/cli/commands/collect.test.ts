// `tracescope collect` as a command: listens, stores what it is sent, stops cleanly on the signal.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { collectCommand } from '../../../src/cli/commands/collect'
import { openStore } from '../../../src/main/store/traceStore'

describe('tracescope collect', () => {
  it('receives spans into --db and flushes on stop', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-collect-cmd-'))
    const db = path.join(dir, 'collected.db')
    const stdout = new PassThrough()
    const lines: string[] = []
    stdout.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean)))
    const ctl = new AbortController()
    try {
      const running = collectCommand.run({
        args: [],
        options: { db, port: 0 },
        json: true,
        stdout,
        stderr: new PassThrough(),
        dbPath: () => db,
        progress: () => {},
        signal: ctl.signal,
      })
      const deadline = Date.now() + 10_000
      while (!lines.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
      const ready = JSON.parse(lines[0]) as { traces: string }
      expect(ready.traces).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/traces$/)
      const res = await fetch(ready.traces, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          resourceSpans: [
            {
              scopeSpans: [
                {
                  spans: [
                    {
                      traceId: 'c0'.repeat(16),
                      spanId: 'c1'.repeat(8),
                      name: 'collected',
                      startTimeUnixNano: '1700000000000000000',
                      attributes: [{ key: 'session.id', value: { stringValue: 'cmd' } }],
                    },
                  ],
                },
              ],
            },
          ],
        }),
      })
      expect(res.status).toBe(200)
      ctl.abort()
      expect(await running).toBe(0)
      expect(JSON.parse(lines[lines.length - 1])).toMatchObject({
        event: 'stopped',
        acceptedSpans: 1,
      })
      const store = openStore(db, { readOnly: true })
      try {
        expect(store.listSpans({ sessionId: 'cmd' }).items.map((s) => s.name)).toEqual([
          'collected',
        ])
      } finally {
        await store.close()
      }
      await expect(
        collectCommand.run({
          args: [],
          options: { db, port: 0, host: '0.0.0.0' },
          json: true,
          stdout,
          stderr: new PassThrough(),
          dbPath: () => db,
          progress: () => {},
          signal: ctl.signal,
        }),
      ).rejects.toThrow(/not a loopback address/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
