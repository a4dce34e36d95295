// Live updates: per-view subscriptions, coalesced to ≤ ~10 events/s, and bounded — a client
// that never acknowledges gets one event and costs a flag, however much is written.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EventPayload } from '../../src/shared/contract/events'
import { createAppCore } from '../../src/main/service/appCore'
import type { AppCore } from '../../src/main/service/appCore'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { inProcessApi } from '../../src/main/service/inProcessTransport'
import { MAX_SUBSCRIPTIONS_PER_CALLER } from '../../src/main/service/liveHub'
import { spanRecords, tempDir } from './serviceFixtures'

let tmp: ReturnType<typeof tempDir>
let core: AppCore
let app: string

beforeAll(async () => {
  tmp = tempDir()
  core = createAppCore({
    // poll fast so that writes produce far more change notifications than events may go out
    service: new InProcessStoreService({
      opener: createOpener(),
      pollIntervalMs: 10,
      onSlowCall: () => undefined,
    }),
    mode: 'in-process',
    prefsDir: null,
  })
  app = (await core.openPinned(path.join(tmp.dir, 'app.db'), { appStore: true })).sourceId
  await core.service.ingest(app, [{ kind: 'session', id: 'live' }])
  await core.service.flush(app)
})

afterAll(async () => {
  await core.shutdown()
  tmp.cleanup()
})

async function writeFor(ms: number, sessionId: string): Promise<number> {
  const until = Date.now() + ms
  let n = 0
  while (Date.now() < until) {
    await core.service.ingest(app, spanRecords(sessionId, 20, Date.now(), `w${n}-`))
    await core.service.flush(app)
    n += 20
    await new Promise((r) => setTimeout(r, 5))
  }
  return n
}

describe('live subscriptions', () => {
  it('a following view gets the latest counts, at most ~10 events a second', async () => {
    const api = inProcessApi(core, 'viewer')
    const events: Array<EventPayload<'live.spans'> & { at: number }> = []
    const stop = api.subscribe({ sourceId: app, topic: 'spans', sessionId: 'live' }, (e) =>
      events.push({ ...e, at: Date.now() }),
    )
    const t0 = Date.now()
    const written = await writeFor(1500, 'live')
    await expect.poll(() => events.at(-1)?.spanCount, { timeout: 5000 }).toBe(written)
    const elapsed = (Date.now() - t0) / 1000
    expect(events.length).toBeGreaterThan(3)
    expect(events.length).toBeLessThanOrEqual(Math.ceil(elapsed * 10) + 2)
    for (let i = 1; i < events.length; i++) {
      expect(events[i].seq).toBe(events[i - 1].seq + 1)
      expect(events[i].at - events[i - 1].at).toBeGreaterThanOrEqual(90)
      expect(events[i].spanCount).toBeGreaterThanOrEqual(events[i - 1].spanCount)
    }
    stop()
    await api.close()
  })

  it('a frozen client costs one unacknowledged event, then resyncs to the newest state', async () => {
    const received: Array<{
      channel: string
      payload: { subscriptionId: string; seq: number; spanCount: number }
    }> = []
    core.connect('frozen', (channel, payload) =>
      received.push({ channel, payload: payload as never }),
    )
    const ctx = { callerId: 'frozen', transport: 'in-process' as const }
    const sub = await core.dispatch(
      'live.subscribe',
      { sourceId: app, topic: 'spans', sessionId: 'frozen' },
      ctx,
    )
    expect(sub.ok).toBe(true)
    await expect.poll(() => received.length).toBe(1)
    const written = await writeFor(800, 'frozen')
    // plenty changed, nothing was acknowledged: still exactly one event, one flag in the hub
    expect(received).toHaveLength(1)
    const stats = core.hub.stats()
    expect(stats.inFlight).toBe(1)
    expect(stats.subscriptions).toBe(1)
    const first = received[0].payload
    const ack = await core.dispatch(
      'live.ack',
      { subscriptionId: first.subscriptionId, seq: first.seq },
      ctx,
    )
    expect(ack).toEqual({ ok: true, value: { acked: true } })
    await expect.poll(() => received.length).toBe(2)
    expect(received[1].payload.spanCount).toBe(written)
    expect(received[1].payload.seq).toBe(first.seq + 1)
    await core.disconnect('frozen')
    expect(core.hub.stats().subscriptions).toBe(0)
  })

  it('caps the subscriptions one window may hold', async () => {
    const ctx = { callerId: 'greedy', transport: 'in-process' as const }
    core.connect('greedy', () => undefined)
    const results = []
    for (let i = 0; i < MAX_SUBSCRIPTIONS_PER_CALLER + 1; i++) {
      results.push(await core.dispatch('live.subscribe', { sourceId: app, topic: 'sessions' }, ctx))
    }
    expect(results.filter((r) => r.ok)).toHaveLength(MAX_SUBSCRIPTIONS_PER_CALLER)
    expect(results.at(-1)).toMatchObject({ ok: false, error: { code: 'unavailable' } })
    await core.disconnect('greedy')
    expect(core.hub.stats().subscriptions).toBe(0)
  })

  it('session-list and error-count subscriptions report their own topics', async () => {
    const api = inProcessApi(core, 'lists')
    const sessions: number[] = []
    const errors: Array<{ unresolved: number; capped: boolean }> = []
    const s1 = api.subscribe({ sourceId: app, topic: 'sessions' }, (e) =>
      sessions.push(e.changeToken),
    )
    const s2 = api.subscribe({ sourceId: app, topic: 'errors' }, (e) => errors.push(e))
    await expect.poll(() => sessions.length + Math.min(errors.length, 1)).toBeGreaterThanOrEqual(2)
    const before = errors.at(-1)?.unresolved ?? 0
    await core.service.ingest(app, [
      { kind: 'session', id: 'other' },
      { kind: 'error', sessionId: 'other', time: Date.now(), type: 'E', message: 'went wrong' },
    ])
    await core.service.flush(app)
    await expect.poll(() => errors.at(-1)?.unresolved, { timeout: 5000 }).toBe(before + 1)
    await expect.poll(() => sessions.length).toBeGreaterThanOrEqual(2)
    s1()
    s2()
    await api.close()
  })
})
