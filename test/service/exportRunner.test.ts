// ExportRunner: exports run beside the source they read. A finished export leaves the named
// file and no `.partial`; its size and counts agree with the file and with count(); progress
// arrives as exportProgress events for its id; a cancelled export leaves nothing behind.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOpener } from '../../src/main/service/defaultOpener'
import { ExportRunner } from '../../src/main/service/exportRunner'
import { SourceHost } from '../../src/main/service/sourceHost'
import type { HostEvent } from '../../src/main/service/storeOps'
import { seedNativeStore, tempDir } from './serviceFixtures'

const tmp = tempDir('tracescope-export-runner-')
const host = new SourceHost(createOpener())
const events: HostEvent[] = []
const runner = new ExportRunner(host, (e) => events.push(e))

beforeAll(async () => {
  const seeded = await seedNativeStore(path.join(tmp.dir, 'native.db'), 400)
  host.open({ sourceId: 's', path: seeded.path })
})

afterAll(async () => {
  await host.closeAll()
  tmp.cleanup()
})

describe('ExportRunner', () => {
  it('writes the whole file under its name, counts agreeing with count(), with progress', async () => {
    const dest = path.join(tmp.dir, 'all.ndjson')
    const result = await runner.start({
      exportId: 'e1',
      sourceId: 's',
      filter: {},
      format: 'ndjson',
      destPath: dest,
    })
    expect(fs.existsSync(`${dest}.partial`)).toBe(false)
    const lines = fs.readFileSync(dest, 'utf8').trim().split('\n')
    expect(lines).toHaveLength(result.records)
    expect(fs.statSync(dest).size).toBe(result.bytes)
    expect(runner.count({ sourceId: 's', filter: {}, format: 'ndjson' }).records).toBe(
      result.records,
    )
    const mine = events.filter((e) => e.type === 'exportProgress' && e.exportId === 'e1')
    expect(mine.length).toBeGreaterThan(0)
  })

  it('a cancelled export fails as cancelled and leaves no file', async () => {
    const dest = path.join(tmp.dir, 'cancelled.json')
    const running = runner.start({
      exportId: 'e2',
      sourceId: 's',
      filter: {},
      format: 'json',
      destPath: dest,
    })
    expect(runner.cancel('e2')).toBe(true)
    await expect(running).rejects.toThrow('Export cancelled')
    expect(fs.existsSync(dest)).toBe(false)
    expect(fs.existsSync(`${dest}.partial`)).toBe(false)
    // finished or never started: nothing to cancel
    expect(runner.cancel('e2')).toBe(false)
    expect(runner.cancel('e1')).toBe(false)
  })

  it('an unknown source is refused with its id', async () => {
    await expect(
      runner.start({
        exportId: 'e3',
        sourceId: 'nope',
        filter: {},
        format: 'json',
        destPath: path.join(tmp.dir, 'x.json'),
      }),
    ).rejects.toThrow(/nope/)
  })
})
