// The in-process store service's shutdown stops a collector it started: before, only the
// sources were closed and the collector kept its port (and the process) alive.
import http from 'node:http'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createOpener } from '../../src/main/service/defaultOpener'
import { InProcessStoreService } from '../../src/main/service/inProcessService'
import { tempDir } from './serviceFixtures'

const tmp = tempDir()
afterAll(() => tmp.cleanup())

function post(url: string): Promise<number | string> {
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
    req.end(JSON.stringify({ resourceSpans: [] }))
  })
}

describe('InProcessStoreService.shutdown', () => {
  it('stops the collector it started, so its port refuses connections', async () => {
    const service = new InProcessStoreService({ opener: createOpener(), onSlowCall: () => {} })
    await service.open({ sourceId: 'app', path: path.join(tmp.dir, 'app.db'), appStore: true })
    const { url } = await service.collectorStart('app', 0)
    expect(await post(url)).toBe(200)
    await service.shutdown()
    expect(await post(url)).toBe('ECONNREFUSED')
  })
})
