// CollectorLifecycle: at most one OTLP/HTTP collector beside a writable store. Spans posted to
// it land in the store; status reports its address and counters; a restart frees the old port;
// stop frees the port and is a no-op the second time; a read-only file is refused.
import http from 'node:http'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createOpener } from '../../src/main/service/defaultOpener'
import { CollectorLifecycle } from '../../src/main/service/collectorLifecycle'
import { SourceHost } from '../../src/main/service/sourceHost'
import { seedNativeStore, tempDir } from './serviceFixtures'

const tmp = tempDir('tracescope-collector-lifecycle-')
const host = new SourceHost(createOpener())
const collector = new CollectorLifecycle(host)

afterAll(async () => {
  await collector.close()
  await host.closeAll()
  tmp.cleanup()
})

function post(url: string, body: unknown): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.request(new URL('/v1/traces', url), {
      agent: false,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    })
    req.on('response', (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    })
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    req.end(JSON.stringify(body))
  })
}

const oneSpan = {
  resourceSpans: [
    {
      resource: { attributes: [{ key: 'service.name', value: { stringValue: 'lifecycle' } }] },
      scopeSpans: [
        {
          spans: [
            {
              traceId: '0af7651916cd43dd8448eb211c80319c',
              spanId: 'b7ad6b7169203331',
              name: 'step',
              startTimeUnixNano: '1700000000000000000',
              endTimeUnixNano: '1700000000005000000',
            },
          ],
        },
      ],
    },
  ],
}

describe('CollectorLifecycle', () => {
  it('starts, reports, restarts on a fresh port and stops', async () => {
    host.open({ sourceId: 'app', path: path.join(tmp.dir, 'app.db'), appStore: true })
    expect(collector.status()).toBeNull()
    const first = await collector.start({ sourceId: 'app', port: 0 })
    expect(await post(first.url, oneSpan)).toBe(200)
    const status = collector.status()
    expect(status?.url).toBe(first.url)
    expect(status?.stats.acceptedSpans).toBe(1)
    expect(status?.forward).toEqual([])

    const second = await collector.start({ sourceId: 'app', port: 0 })
    expect(await post(first.url, oneSpan)).toBe('ECONNREFUSED')
    expect(await post(second.url, oneSpan)).toBe(200)

    expect(await collector.stop()).toBe(true)
    expect(await post(second.url, oneSpan)).toBe('ECONNREFUSED')
    expect(collector.status()).toBeNull()
    expect(await collector.stop()).toBe(false)
  })

  it('refuses a source it may not write', async () => {
    const foreign = await seedNativeStore(path.join(tmp.dir, 'theirs.db'))
    host.open({ sourceId: 'theirs', path: foreign.path })
    await expect(collector.start({ sourceId: 'theirs', port: 0 })).rejects.toThrow(
      'theirs.db is open read-only',
    )
    expect(collector.status()).toBeNull()
  })
})
