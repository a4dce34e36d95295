// The viewer's zustand store (all slices) driven through the real contract: an in-process
// client over the handler table, on a real native store file — no DOM, no mocks.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppCore, type AppCore } from '../../src/main/service/appCore'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { createOpener } from '../../src/main/service/defaultOpener'
import { inProcessApi } from '../../src/main/service/inProcessTransport'
import { openStore } from '../../src/main/store/traceStore'
import { setTraceApi } from '../../src/renderer/api'
import { useAppStore } from '../../src/renderer/state/store'
import { ERROR_SPAN, LIVE, liveSpan, SWARM, writeViewerFixture } from '../e2e/viewerFixture'

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time')
    await new Promise((r) => setTimeout(r, 20))
  }
}

describe('viewer state over the contract', () => {
  let dir: string
  let db: string
  let core: AppCore
  let close: () => Promise<void>
  const s = useAppStore.getState

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-viewer-state-'))
    db = await writeViewerFixture(dir)
    const service = new InProcessStoreService({ opener: createOpener(), pollIntervalMs: 50 })
    core = createAppCore({ service, mode: 'in-process', prefsDir: null })
    await core.openPinned(db)
    const api = inProcessApi(core)
    close = api.close
    setTraceApi(api)
    await s().init()
  })

  afterAll(async () => {
    s().closeSession()
    await close()
    await core.shutdown()
    setTraceApi(null)
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('opens the pinned file and lists its sessions', async () => {
    expect(s().sourcesStatus).toBe('ready')
    expect(s().sourceId).not.toBeNull()
    await s().loadSessions()
    expect(s().sessionsStatus).toBe('ready')
    expect(s().sessions.map((x) => x.id)).toContain(SWARM)
    expect(s().sessions).toHaveLength(7)
  })

  it('loads a session into columns, a tree, rows and bounds', async () => {
    await s().openSession(SWARM)
    expect(s().spansStatus).toBe('ready')
    expect(s().session?.id).toBe(SWARM)
    expect(s().table.count).toBe(32)
    expect(s().layout.rows.length).toBe(32)
    expect(s().bounds.end - s().bounds.start).toBe(60_000)
    expect(s().view).toEqual(s().bounds)
  })

  it('searches, jumps to a hit (revealing it) and loads its detail on demand', async () => {
    s().setCollapsed(new Set(['span-step-2']))
    expect(s().layout.rows.length).toBe(27)
    s().setSearch('FETCH_page')
    expect(s().searchHits).toHaveLength(1)
    s().jumpToHit(1)
    expect(s().selectedSpanId).toBe(ERROR_SPAN)
    // the collapsed parent opened so the hit is on screen
    expect(s().layout.rows.length).toBe(32)
    await until(() => s().detailStatus === 'ready')
    expect(s().detail?.span.statusMessage).toBe('HTTP 503 from upstream')
    expect(s().detail?.errors.map((e) => e.id)).toEqual(['err-1'])
    expect(s().detail?.parent?.spanId).toBe('span-step-2')
    s().moveSelection(1)
    expect(s().selectedSpanId).toBe('span-2-1')
  })

  it('finds attribute text through the full-text index, and steps through error spans', async () => {
    s().setSearch('vector')
    await until(() => !s().searchPending)
    expect(s().searchHits.map((i) => s().table.ids[i])).toEqual(['span-root'])
    expect([...s().searchPlaces.get(s().table.indexOf.get('span-root')!)!]).toEqual(['attributes'])
    s().setSearch('fjord')
    await until(() => !s().searchPending)
    expect(s().searchElsewhere.map((m) => m.title)).toEqual(['deployment.region'])
    s().setSearch('')
    await s().loadErrorSpans(SWARM)
    s().selectSpan(null)
    s().jumpToError(1)
    expect(s().selectedSpanId).toBe(ERROR_SPAN)
    s().jumpToError(1)
    expect(s().selectedSpanId).toBe('span-4-1')
    s().jumpToError(-1)
    expect(s().selectedSpanId).toBe(ERROR_SPAN)
  })

  it('forgets the selection, finds and agent filter of a session when another opens', async () => {
    s().selectSpan(ERROR_SPAN)
    s().setSearch('fetch')
    s().toggleAgent('researcher')
    s().setAgentsOnly(true)
    expect(s().layout.rows.length).toBe(16)
    await s().openSession('batch-job-1')
    expect(s().selectedSpanId).toBeNull()
    expect(s().detail).toBeNull()
    expect(s().searchText).toBe('')
    expect(s().searchHits).toEqual([])
    expect(s().chosenAgents).toEqual([])
    expect(s().agentsOnly).toBe(false)
    expect(s().layout.rows.length).toBe(2)
    // the same session id read again from another file is another session: it reloads
    s().selectSpan('b1-0')
    await s().selectSource(s().sourceId!)
    expect(s().selectedSpanId).toBe('b1-0')
    useAppStore.setState({ sourceId: 'another-file' })
    await s().selectSource(s().sources[0].sourceId)
    expect(s().selectedSpanId).toBeNull()
    expect(s().sessionId).toBeNull()
    await s().openSession(SWARM)
  })

  it('zooms around an anchor and resets', () => {
    const b = s().bounds
    s().zoom(0.25, 0)
    expect(s().view).toEqual({ start: b.start, end: b.start + 15_000 })
    s().resetZoom()
    expect(s().view).toEqual(b)
  })

  it('lists errors unresolved first and resolves one with a note, beside the file, not in it', async () => {
    await s().loadErrors(null)
    expect(s().errors.map((e) => e.resolved)).toEqual([false, false, false])
    expect(await s().resolveError('err-2', 'rate limit raised')).toBeNull()
    const resolved = s().errors.find((e) => e.id === 'err-2')
    expect(resolved).toMatchObject({ resolved: true, resolutionNote: 'rate limit raised' })
    // a file opened to look at is never written: the resolution is kept in the overlay
    await s().loadErrors(null)
    expect(s().errors.find((e) => e.id === 'err-2')).toMatchObject({ resolved: true })
    const store = openStore(db, { readOnly: true })
    expect(store.listErrors({ resolved: true }).items.map((e) => e.id)).toEqual([])
    await store.close()
    expect(await s().resolveError('no-such-error', 'x')).toMatch(/no-such-error/)
  })

  it('keeps the theme choice in the app settings', async () => {
    s().setTheme('dark')
    expect(s().theme).toBe('dark')
    // saved in the background: poll the settings until they say so
    let saved: unknown = null
    const end = Date.now() + 5000
    while (Date.now() < end) {
      saved = await core.dispatch('settings.get', {}, { callerId: 't', transport: 'in-process' })
      if ((saved as { value?: { theme?: string } }).value?.theme === 'dark') break
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(saved).toMatchObject({ ok: true, value: { theme: 'dark' } })
    useAppStore.setState({ theme: 'system' })
    await s().loadTheme()
    expect(s().theme).toBe('dark')
  })

  it('live-tails the open session as another connection writes', async () => {
    await s().openSession(LIVE)
    expect(s().table.count).toBe(2)
    const writer = openStore(db)
    await writer.write([liveSpan(2), liveSpan(3), liveSpan(4)])
    await writer.close()
    await until(() => s().table.count === 5)
    expect(s().layout.rows.length).toBe(5)
    await until(() => s().session?.spanCount === 5)
  })
})
