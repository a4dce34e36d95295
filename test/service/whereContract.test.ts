// The filter language through the contract, as a window calls it (in-process transport over a
// real native store): a where that does not parse is invalid input naming the field and the
// column, in span lists, export filters, statistics and cohort selections alike; a valid one
// answers.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ContractError } from '../../src/shared/contract'
import { createAppCore, type AppCore } from '../../src/main/service/appCore'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { inProcessApi } from '../../src/main/service/inProcessTransport'
import { seedNativeStore, tempDir, type SeededStore } from './serviceFixtures'

let tmp: ReturnType<typeof tempDir>
let homeBefore: string | undefined
let core: AppCore
let api: ReturnType<typeof inProcessApi>
let seeded: SeededStore
let src: string

beforeAll(async () => {
  tmp = tempDir()
  homeBefore = process.env.TRACESCOPE_HOME
  process.env.TRACESCOPE_HOME = path.join(tmp.dir, 'home')
  seeded = await seedNativeStore(path.join(tmp.dir, 'native.db'))
  core = createAppCore({
    service: new InProcessStoreService({ opener: createOpener() }),
    mode: 'in-process',
    prefsDir: path.join(tmp.dir, 'prefs'),
  })
  src = (await core.openPinned(seeded.path)).sourceId
  api = inProcessApi(core, 'window-1')
})

afterAll(async () => {
  await core.shutdown()
  if (homeBefore === undefined) delete process.env.TRACESCOPE_HOME
  else process.env.TRACESCOPE_HOME = homeBefore
  tmp.cleanup()
})

async function rejection(p: Promise<unknown>): Promise<ContractError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(ContractError)
    return e as ContractError
  }
  throw new Error('expected a rejection')
}

describe('where through the contract', () => {
  it('refuses an expression that does not parse, naming the field and the column', async () => {
    const err = await rejection(api.invoke('spans.list', { sourceId: src, where: 'status:nope' }))
    expect(err.code).toBe('invalid-input')
    expect(err.field).toBe('where')
    expect(err.message).toContain('column 8: expected ok, error or unset')
    const columns = await rejection(
      api.invoke('spans.columns', { sourceId: src, where: 'x'.repeat(2001) }),
    )
    expect(columns.field).toBe('where')
    const exp = await rejection(
      api.invoke('export.count', { sourceId: src, filter: { where: '((a)' }, format: 'ndjson' }),
    )
    expect(exp.code).toBe('invalid-input')
    expect(exp.field).toBe('filter.where')
  })

  it('answers a valid one in span lists and export counts', async () => {
    const page = await api.invoke('spans.list', {
      sourceId: src,
      sessionId: seeded.sessionId,
      where: 'status:error',
    })
    expect(page.items.map((s) => s.spanId)).toEqual([seeded.errorSpanId])
    const counted = await api.invoke('export.count', {
      sourceId: src,
      filter: { sessionIds: [seeded.sessionId], where: 'status:error' },
      format: 'ndjson',
    })
    expect(counted.counts.span).toBe(1)
  })

  // the seeded session: sp0..sp39 (odd ones agent-b) and boom (agent-b, failed)
  it('narrows statistics and selects a cohort', async () => {
    const stats = await api.invoke('stats.groups', {
      sourceId: src,
      groupBy: 'agent',
      where: 'agent:agent-b',
    })
    expect(stats.spans).toBe(21)
    expect(stats.groups.map((g) => [g.key, g.count, g.errors])).toEqual([['agent-b', 21, 1]])
    const cohort = await api.invoke('stats.cohort', {
      sourceId: src,
      selection: { kind: 'where', where: 'agent:agent-b' },
    })
    expect([cohort.selection, cohort.baseline]).toEqual([21, 20])
    expect(cohort.attributes[0]).toMatchObject({ key: 'agent', score: 1 })
  })

  it('refuses a bad where in statistics and cohort selections', async () => {
    const stats = await rejection(
      api.invoke('stats.groups', { sourceId: src, groupBy: 'name', where: 'status:nope' }),
    )
    expect(stats.code).toBe('invalid-input')
    expect(stats.field).toBe('where')
    expect(stats.message).toContain('column 8: expected ok, error or unset')
    const cohort = await rejection(
      api.invoke('stats.cohort', { sourceId: src, selection: { kind: 'where', where: '((a)' } }),
    )
    expect(cohort.field).toBe('selection.where')
    const blank = await rejection(
      api.invoke('stats.cohort', { sourceId: src, selection: { kind: 'where', where: ' ' } }),
    )
    expect(blank.field).toBe('selection.where')
  })
})
