// The retentionDays setting, applied to the app's own store through the real service (in
// main's thread and in a store worker): at start-up, when it changes, and by the daily timer.
// Files the person opened, native or foreign, never lose a session to it.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TraceRecord } from '../../src/shared/domain'
import { ContractError } from '../../src/shared/contract/errors'
import { createAppCore } from '../../src/main/service/appCore'
import type { AppCore } from '../../src/main/service/appCore'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { inProcessApi } from '../../src/main/service/inProcessTransport'
import { WorkerStoreService } from '../../src/main/service/workerService'
import { openStore } from '../../src/main/store/traceStore'
import { writeDdeutilDb } from '../fixtures/seedWriters'
import { tempDir } from './serviceFixtures'

const DAY = 86_400_000

function sessionAt(id: string, daysAgo: number): TraceRecord[] {
  const t = Date.now() - daysAgo * DAY
  return [
    { kind: 'session', id, name: id, startTime: t, endTime: t + 1000 },
    { kind: 'span', sessionId: id, spanId: `${id}-s`, name: 'step', startTime: t, endTime: t + 5 },
  ]
}

/** a native store with a 40-day-old session and one from an hour ago, written and closed */
async function writeOldAndRecent(file: string): Promise<void> {
  const store = openStore(file)
  store.enqueue([...sessionAt('old', 40), ...sessionAt('recent', 1 / 24)])
  await store.flush()
  await store.close()
}

const flavours = {
  'in-process': () =>
    new InProcessStoreService({ opener: createOpener(), onSlowCall: () => undefined }),
  worker: () => new WorkerStoreService({ onSlowCall: () => undefined }),
}

for (const [name, makeService] of Object.entries(flavours)) {
  describe(`retention (${name} service)`, () => {
    let tmp: ReturnType<typeof tempDir>
    let core: AppCore
    let appFile: string
    let errors: string[]

    function makeCore(intervalMs?: number): AppCore {
      errors = []
      return createAppCore({
        service: makeService(),
        mode: 'in-process',
        prefsDir: tmp.dir,
        retention: { intervalMs, onError: (e) => errors.push(e.message) },
      })
    }

    async function sessionIds(sourceId: string): Promise<string[]> {
      const page = await core.service.query(sourceId, 'listSessions', {})
      return page.items.map((s) => s.id).sort()
    }

    beforeEach(async () => {
      tmp = tempDir('tracescope-retention-')
      appFile = path.join(tmp.dir, 'app.db')
      await writeOldAndRecent(appFile)
    })

    afterEach(async () => {
      await core.shutdown()
      tmp.cleanup()
    })

    it('setting retentionDays deletes the old session at once and keeps the recent one', async () => {
      core = makeCore()
      const app = (await core.openPinned(appFile, { appStore: true })).sourceId
      await core.applyStartupSettings()
      const api = inProcessApi(core, 'window-1')
      expect(await sessionIds(app)).toEqual(['old', 'recent'])

      const saved = await api.invoke('settings.set', { retentionDays: 30 })
      expect(saved.retentionDays).toBe(30)
      expect(await sessionIds(app)).toEqual(['recent'])
      const spans = await core.service.query(app, 'listSpans', { sessionId: 'old' })
      expect(spans.items).toEqual([])
      // persisted beside the store, where the next start reads it
      const onDisk = JSON.parse(fs.readFileSync(path.join(tmp.dir, 'settings.json'), 'utf8'))
      expect(onDisk.retentionDays).toBe(30)

      // back to "keep forever": nothing more is deleted
      await api.invoke('settings.set', { retentionDays: null })
      await core.service.ingest(app, sessionAt('older', 400))
      await core.service.flush(app)
      await core.retention.run()
      expect(await sessionIds(app)).toEqual(['older', 'recent'])
      expect(errors).toEqual([])
    })

    it('a saved setting is applied at start-up, and again by the daily timer', async () => {
      fs.writeFileSync(
        path.join(tmp.dir, 'settings.json'),
        JSON.stringify({
          collector: { enabled: false, port: 4318 },
          theme: 'system',
          retentionDays: 7,
        }),
      )
      // a short "day" so the timer's run can be seen
      core = makeCore(150)
      const app = (await core.openPinned(appFile, { appStore: true })).sourceId
      await core.applyStartupSettings()
      await core.retention.run() // joins the start-up run
      expect(await sessionIds(app)).toEqual(['recent'])

      await core.service.ingest(app, sessionAt('stale', 10))
      await core.service.flush(app)
      expect(await sessionIds(app)).toEqual(['recent', 'stale'])
      const until = Date.now() + 5000
      while ((await sessionIds(app)).includes('stale') && Date.now() < until)
        await new Promise((r) => setTimeout(r, 50))
      expect(await sessionIds(app)).toEqual(['recent'])
      expect(errors).toEqual([])
    })

    it('never touches a file the person opened, native or foreign', async () => {
      core = makeCore()
      const app = (await core.openPinned(appFile, { appStore: true })).sourceId
      const theirs = path.join(tmp.dir, 'theirs.db')
      await writeOldAndRecent(theirs)
      core.grants.grant('window-1', theirs)
      const api = inProcessApi(core, 'window-1')
      const opened = await api.invoke('sources.open', { path: theirs })
      await api.invoke('settings.set', { retentionDays: 30 })
      expect(await sessionIds(app)).toEqual(['recent'])
      expect(await sessionIds(opened.sourceId)).toEqual(['old', 'recent'])
      // and the host operation itself refuses anything but the app store
      const err = await core.service.maintainAppStore(opened.sourceId, 1).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(ContractError)
      expect((err as ContractError).code).toBe('forbidden')
      expect(await sessionIds(opened.sourceId)).toEqual(['old', 'recent'])

      const foreignFile = path.join(tmp.dir, 'ddeutil.db')
      writeDdeutilDb(foreignFile)
      const bytes = fs.readFileSync(foreignFile)
      core.grants.grant('window-1', foreignFile)
      const foreign = await api.invoke('sources.open', { path: foreignFile })
      const before = await sessionIds(foreign.sourceId)
      const ferr = await core.service.maintainAppStore(foreign.sourceId, 1).catch((e: unknown) => e)
      expect((ferr as ContractError).code).toBe('forbidden')
      await api.invoke('settings.set', { retentionDays: 1 })
      expect(await sessionIds(foreign.sourceId)).toEqual(before)
      expect(fs.readFileSync(foreignFile).equals(bytes)).toBe(true)
    })

    it('without an app store, a retention setting is refused with a typed error', async () => {
      core = makeCore()
      const api = inProcessApi(core, 'window-1')
      const err = await api
        .invoke('settings.set', { retentionDays: 30 })
        .catch((e: unknown) => e as ContractError)
      expect(err).toBeInstanceOf(ContractError)
      expect((err as ContractError).code).toBe('unavailable')
      expect((err as ContractError).message).toMatch(/app's own store/)
      expect((await api.invoke('settings.get', {})).retentionDays).toBeNull()
      // other settings still save
      expect((await api.invoke('settings.set', { theme: 'dark' })).theme).toBe('dark')
    })
  })
}
