// An agent that crashes (uncaught exception, unhandled rejection) or calls process.exit() without
// closing its store: what it traced until then, the crash's own span and error included, is stored.
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../src/main/store/traceStore'

const AGENT = path.join(__dirname, 'fixtures', 'crashingAgent.ts')
let dir: string
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-exit-commit-'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function runAgent(db: string, mode: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', AGENT, db, mode],
      { cwd: path.resolve(__dirname, '..', '..') },
      (err, _stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stderr }),
    )
  })
}

describe('commit on exit', () => {
  it.each([
    ['throw', 1],
    ['reject', 1],
    ['exit', 3],
  ] as const)('%s: the spans, the log line and the crash are stored', async (mode, exitCode) => {
    const db = path.join(dir, `${mode}.db`)
    const r = await runAgent(db, mode)
    expect(r.code).toBe(exitCode)
    if (mode !== 'exit') expect(r.stderr).toContain('agent crashed')
    const store = openStore(db, { readOnly: true })
    try {
      const names = store.listSpans({ sessionId: 'crash', limit: 100 }).items.map((s) => s.name)
      // 'run' itself ends (its finally) before the exception leaves it, except on process.exit
      const expected = 10 + 20 + (mode === 'exit' ? 0 : 2)
      expect(names).toHaveLength(expected)
      const prompt = store.listSpans({ sessionId: 'crash', name: 'prompt 19', limit: 1 }).items[0]
      expect(prompt.attributes.prompt).toBe('p'.repeat(2500))
      const lines = store.listEvents({ sessionId: 'crash' }).items.map((e) => e.message)
      expect(lines).toContain('about to fail')
      const errors = store.listErrors({ sessionId: 'crash' }).items
      if (mode === 'exit') expect(errors).toHaveLength(0)
      else {
        expect(errors.map((e) => e.message)).toEqual(['agent crashed', 'agent crashed'])
        expect(names).toContain('fetch')
      }
    } finally {
      await store.close()
    }
  })
})
