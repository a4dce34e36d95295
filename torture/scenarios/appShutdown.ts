// Closing the app: the store lives in a worker thread (as in the desktop app and `serve`), records
// were queued (not yet committed) and the in-app collector had answered requests; then the app
// shuts down. Everything queued and everything answered 200 must be in the file.
import path from 'node:path'
import Database from 'better-sqlite3'
import { createAppCore } from '../../src/main/service/appCore'
import { WorkerStoreService } from '../../src/main/service/workerService'
import { integrity } from '../lib/dbCheck'
import { JSON_TYPE, hex, otlpJson, post } from '../lib/otlpBodies'
import { loadSpan } from '../lib/records'
import type { Report } from '../types'

export async function appShutdown(r: Report, dir: string, queued = 20_000): Promise<void> {
  const kase = 'closing the app (store in a worker thread)'
  const file = path.join(dir, 'app-shutdown.db')
  const service = new WorkerStoreService()
  const core = createAppCore({ service, mode: 'in-process', prefsDir: null })
  let answered = 0
  try {
    const app = await core.openPinned(file, { appStore: true })
    const { url } = await service.collectorStart(app.sourceId, 0)
    for (let req = 1; req <= 10; req++) {
      const spans = Array.from({ length: 50 }, (_, i) => ({
        traceId: hex(req, 32),
        spanId: hex(0xee00 + req, 8) + hex(i + 1, 8),
        name: 'via collector',
        startMs: Date.now() + i,
        endMs: Date.now() + i + 1,
      }))
      const res = await post(
        `${url}/v1/traces`,
        JSON.stringify(otlpJson('shutdown', spans)),
        JSON_TYPE,
      )
      if (res.status === 200 && !/rejected/.test(res.body)) answered += 50
    }
    const base = Date.now()
    let accepted = 0
    for (let i = 0; i < queued; i += 2000) {
      const batch = Array.from({ length: 2000 }, (_, k) => loadSpan(900, i + k, base))
      const e = await service.ingest(app.sourceId, batch)
      accepted += e.accepted
    }
    r.info(kase, 'records queued, then shutdown at once', accepted)
    r.info(kase, 'spans answered 200 by the in-app collector', answered)
  } finally {
    await core.shutdown()
  }
  const db = new Database(file, { readonly: true })
  let stored = 0
  try {
    stored = db.prepare('SELECT count(*) FROM spans').pluck().get() as number
  } finally {
    db.close()
  }
  const expected = queued + answered
  r.check(
    kase,
    'queued or answered spans missing after shutdown',
    expected - stored,
    stored === expected,
    `${expected - stored} of ${expected} spans missing after core.shutdown()`,
  )
  r.check(
    kase,
    'integrity_check',
    integrity(file),
    integrity(file) === 'ok',
    'corrupted by shutdown',
  )
}
