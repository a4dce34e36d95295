// A flood of large requests against `tracescope collect` in its own process: requests past the
// byte budget are answered 429 with Retry-After before their bodies are read, every other
// request gets its normal answer, and the collector's peak RSS stays under a stated bound.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BIN, ROOT } from '../cli/cliHelpers'
import { tempDir } from '../service/serviceFixtures'

const REQUESTS = 32
const BODY_MB = 8
/** peak RSS the collector may reach: its own ~150 MB plus the 32 MiB budget's bodies and parses */
const PEAK_RSS_BOUND_MB = 450

let tmp: ReturnType<typeof tempDir>
beforeAll(() => {
  tmp = tempDir('tracescope-flood-')
})
afterAll(() => tmp.cleanup())

/** a valid OTLP JSON body of about `mb` MiB: many small spans */
function body(mb: number): Buffer {
  const spans: string[] = []
  let size = 0
  for (let i = 0; size < mb * 1024 * 1024; i++) {
    const s = JSON.stringify({
      traceId: 'ab'.repeat(16),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      name: 'flood',
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000001000000',
      attributes: [{ key: 'k', value: { stringValue: 'v'.repeat(200) } }],
    })
    spans.push(s)
    size += s.length + 1
  }
  return Buffer.from(
    `{"resourceSpans":[{"resource":{"attributes":[{"key":"session.id","value":{"stringValue":"flood"}}]},"scopeSpans":[{"spans":[${spans.join(',')}]}]}]}`,
  )
}

describe('collector under a flood', () => {
  it('answers 429 early past its byte budget and keeps its peak RSS bounded', async () => {
    const db = path.join(tmp.dir, 'flood.db')
    const child = spawn(
      process.execPath,
      [BIN, 'collect', '--db', db, '--port', '0', '--json', '--max-buffered-mb', '32'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    try {
      let out = ''
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      const ready = await new Promise<{ traces: string }>((resolve, reject) => {
        child.stdout.on('data', () => {
          const line = out.split('\n')[0]
          if (out.includes('\n')) resolve(JSON.parse(line) as { traces: string })
        })
        child.once('exit', (code) => reject(new Error(`collect exited with ${code}`)))
      })
      const payload = body(BODY_MB).toString('utf8')
      const answers = await Promise.all(
        Array.from({ length: REQUESTS }, () =>
          fetch(ready.traces, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: payload,
          }).then(
            async (r) => ({ status: r.status, retryAfter: r.headers.get('retry-after') }),
            () => ({ status: 0, retryAfter: null }),
          ),
        ),
      )
      const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const peakMb = Number(/VmHWM:\s+(\d+) kB/.exec(status)![1]) / 1024
      const by = (s: number) => answers.filter((a) => a.status === s).length
      console.log(
        `flood: ${REQUESTS} × ${BODY_MB} MiB: ${by(200)} × 200, ${by(429)} × 429, ${REQUESTS - by(200) - by(429)} other; peak RSS ${peakMb.toFixed(0)} MB (bound ${PEAK_RSS_BOUND_MB})`,
      )
      // the collector's own count: a client still sending its body may see the early 429 as
      // a closed connection (the server does not read the rest), so its tally decides
      child.kill('SIGTERM')
      await new Promise((r) => child.once('exit', r))
      const stopped = JSON.parse(out.trim().split('\n').at(-1)!) as {
        event: string
        requests: number
        throttled: number
      }
      expect(stopped.event).toBe('stopped')
      expect(stopped.throttled).toBeGreaterThan(0)
      expect(answers.filter((a) => a.status === 429).every((a) => a.retryAfter === '1')).toBe(true)
      expect(by(200)).toBeGreaterThan(0)
      expect(by(200) + stopped.throttled).toBe(REQUESTS)
      expect(peakMb).toBeLessThan(PEAK_RSS_BOUND_MB)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  }, 120_000)
})
