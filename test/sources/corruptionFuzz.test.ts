// Damaged files: random bytes flipped in the pages of real files of each supported tool. Every query either answers
// or throws a SourceOpenError naming the file — never a raw SQLite error, never a crash.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TraceQueries } from '../../src/shared/queries'
import { openSource } from '../../src/main/sources/openSource'
import { SourceOpenError } from '../../src/main/sources/sourceErrors'
import {
  prng,
  tempDir,
  writeClaudeFlowDb,
  writeDdeutilDb,
  writeFlujoDb,
  writeMoaiDb,
  writeSessionStoreDb,
} from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-fuzz-')
afterAll(cleanup)

function exercise(q: TraceQueries): void {
  const sessions = q.listSessions({ limit: 20 }).items
  const sid = sessions[0]?.id ?? 'x'
  q.getSession(sid)
  const spans = q.listSpans({ sessionId: sid, limit: 50 }).items
  if (spans[0]) q.getSpan(sid, spans[0].spanId)
  q.listSpans({ limit: 50 })
  q.listErrors({ limit: 50 })
  q.listEvents({ sessionId: sid, limit: 50 })
  q.listAgents({ limit: 50 })
  q.listMetrics({ limit: 50 })
  q.sessionGraph(sid)
  q.stats()
  q.search({ text: 'a' })
}

const writers = [
  ['claude-flow', (f: string) => writeClaudeFlowDb(f, { wal: false })],
  ['ddeutil', (f: string) => writeDdeutilDb(f)],
  ['moai', (f: string) => writeMoaiDb(f)],
  ['flujo', (f: string) => writeFlujoDb(f, { wal: false })],
  ['session-store', (f: string) => writeSessionStoreDb(f)],
] as const

describe('corrupted files of other tools', () => {
  it.each(writers)('%s: 12 damaged copies give answers or readable errors', (kind, write) => {
    const good = path.join(dir, `${kind}.db`)
    write(good)
    const bytes = fs.readFileSync(good)
    const pageSize = bytes.readUInt16BE(16)
    const rand = prng(kind.length * 7919)
    const outcomes = { answered: 0, refused: 0 }
    for (let n = 0; n < 12; n++) {
      const copy = Buffer.from(bytes)
      // damage 1–40 bytes somewhere after the header (page 1 holds the schema: hit it too)
      const hits = 1 + Math.floor(rand() * 40)
      for (let h = 0; h < hits; h++)
        copy[100 + Math.floor(rand() * (copy.length - 100))] = Math.floor(rand() * 256)
      if (n % 4 === 0) copy.fill(0xff, pageSize + 8, pageSize + 64) // a mangled page header
      const file = path.join(dir, `${kind}-${n}.db`)
      fs.writeFileSync(file, copy)
      try {
        const src = openSource(file, { overlay: false })
        try {
          exercise(src.queries)
          outcomes.answered++
        } finally {
          src.close()
        }
      } catch (err) {
        if (!(err instanceof SourceOpenError)) throw err
        expect(err.message).toContain(path.basename(file))
        outcomes.refused++
      }
    }
    expect(outcomes.answered + outcomes.refused).toBe(12)
    expect(outcomes.refused).toBeGreaterThan(0) // the damage is real (seeded, deterministic)
  })
})
