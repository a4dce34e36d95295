// SourceHost.spanColumns: a columns page may be bigger than a listSpans page. The native store
// reads it in one statement; another tool's file is read as several listSpans pages, and the
// columns page must hold exactly the spans those pages hold, in their order.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { columnsToSpans } from '../../src/shared/contract/spanColumns'
import { MAX_PAGE, type Page } from '../../src/shared/queries'
import type { Span } from '../../src/shared/domain'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { createOpener } from '../../src/main/service/defaultOpener'
import { writeSessionStoreDb } from '../fixtures/sessionStoreFixture'
import { seedNativeStore, tempDir } from './serviceFixtures'

let tmp: ReturnType<typeof tempDir>
let service: InProcessStoreService
let foreignSession: string
let nativeSession: string
const SPANS = MAX_PAGE + 700

beforeAll(async () => {
  tmp = tempDir()
  const foreign = path.join(tmp.dir, 'sessions.db')
  foreignSession = writeSessionStoreDb(foreign, { sessions: 1, spansPerSession: SPANS })
    .sessionIds[0]
  const native = await seedNativeStore(path.join(tmp.dir, 'native.db'), 300)
  nativeSession = native.sessionId
  service = new InProcessStoreService({ opener: createOpener(), onSlowCall: () => undefined })
  await service.open({ sourceId: 'foreign', path: foreign })
  await service.open({ sourceId: 'native', path: native.path })
})

afterAll(async () => {
  await service.shutdown()
  tmp.cleanup()
})

async function listed(sourceId: string, sessionId: string) {
  const out = []
  let cursor: string | null = null
  do {
    const p: Page<Span> = await service.query(sourceId, 'listSpans', {
      sessionId,
      order: 'asc',
      cursor,
      limit: MAX_PAGE,
      withAttributes: false,
    })
    out.push(...p.items)
    cursor = p.nextCursor
  } while (cursor)
  return out
}

const key = (s: { spanId: string; parentSpanId: string | null; name: string; startTime: number }) =>
  [s.spanId, s.parentSpanId, s.name, s.startTime] as const

describe('SourceHost.spanColumns', () => {
  it("reads another tool's file as several listSpans pages into one bigger columns page", async () => {
    const all = await listed('foreign', foreignSession)
    expect(all.length).toBe(SPANS)
    const first = await service.spanColumns('foreign', {
      sessionId: foreignSession,
      order: 'asc',
      limit: SPANS - 100,
    })
    expect(first.count).toBe(SPANS - 100)
    expect(first.nextCursor).not.toBeNull()
    const rest = await service.spanColumns('foreign', {
      sessionId: foreignSession,
      order: 'asc',
      limit: SPANS,
      cursor: first.nextCursor,
    })
    expect(rest.nextCursor).toBeNull()
    expect([...columnsToSpans(first), ...columnsToSpans(rest)].map(key)).toEqual(all.map(key))
  })

  it('reads the native store in one page as big as asked', async () => {
    const all = await listed('native', nativeSession)
    const page = await service.spanColumns('native', {
      sessionId: nativeSession,
      order: 'asc',
      limit: 20_000,
    })
    expect(page.nextCursor).toBeNull()
    expect(columnsToSpans(page).map(key)).toEqual(all.map(key))
  })
})
