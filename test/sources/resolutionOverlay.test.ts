// Resolving errors of foreign files: kept in the overlay (app data), shown after reopening,
// the foreign file never written; a new file at the same path does not inherit resolutions.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openSource } from '../../src/main/sources/openSource'
import { ResolutionOverlay } from '../../src/main/sources/resolutionOverlay'
import {
  fileFingerprint,
  tempDir,
  writeClaudeFlowDb,
  writeFlujoDb,
  writeDdeutilDb,
} from '../fixtures/seedWriters'

const { dir, cleanup } = tempDir('ts-overlay-')
afterAll(cleanup)
const overlayFile = path.join(dir, 'home', 'overlay.db')

describe('resolution overlay', () => {
  it.each([
    ['ddeutil-workflow', writeDdeutilDb],
    ['claude-flow', writeClaudeFlowDb],
    ['flujo', writeFlujoDb],
  ] as const)('%s: resolve, reopen, still resolved; file untouched', (kind, write) => {
    const file = path.join(dir, `${kind}.db`)
    const fx = write(file)
    const before = fileFingerprint(file)
    const target = fx.errors.find((e) => !e.resolved)
    if (!target) throw new Error('fixture has no unresolved error')
    const overlay = new ResolutionOverlay(overlayFile)
    const src = openSource(file, { overlay })
    const unresolvedBefore = src.queries.listErrors({ resolved: false }).items.length
    const resolved = src.resolveError(target.id, 'fixed by retry policy')
    expect(resolved).toMatchObject({
      id: target.id,
      resolved: true,
      resolutionNote: 'fixed by retry policy',
    })
    expect(src.resolveError('no-such-error', 'x')).toBeNull()
    src.close()
    overlay.close()

    const again = openSource(file, { overlay: new ResolutionOverlay(overlayFile) })
    const e = again.queries.listErrors({}).items.find((x) => x.id === target.id)
    expect(e).toMatchObject({ resolved: true, resolutionNote: 'fixed by retry policy' })
    expect(again.queries.listErrors({ resolved: false }).items.length).toBe(unresolvedBefore - 1)
    expect(again.queries.listErrors({ resolved: true }).items.map((x) => x.id)).toContain(target.id)
    if (target.spanId && target.sessionId) {
      const detail = again.queries.getSpan(target.sessionId, target.spanId)
      expect(detail?.errors.find((x) => x.id === target.id)?.resolved).toBe(true)
    }
    if (target.sessionId) {
      const session = again.queries.getSession(target.sessionId)
      const open = fx.errors.filter((x) => x.sessionId === target.sessionId && !x.resolved).length
      expect(session?.unresolvedErrorCount).toBe(open - 1)
    }
    again.close()
    expect(fileFingerprint(file)).toEqual(before)
  })

  it('a different file recreated at the same path does not inherit resolutions', () => {
    const file = path.join(dir, 'recreated.db')
    writeDdeutilDb(file)
    const overlay = new ResolutionOverlay(overlayFile)
    const src = openSource(file, { overlay })
    const first = src.queries.listErrors({}).items[0]
    src.resolveError(first.id, 'done')
    src.close()
    fs.rmSync(file)
    // same row ids, different content
    writeDdeutilDb(file, { baseTime: Date.UTC(2026, 0, 1) })
    const fresh = openSource(file, { overlay })
    const same = fresh.queries.listErrors({}).items.find((e) => e.id === first.id)
    expect(same?.resolved).toBe(false)
    fresh.close()
    overlay.close()
  })

  it('uses the app data overlay by default and creates it only when something is resolved', () => {
    const home = path.join(dir, 'apphome')
    const prev = process.env.TRACESCOPE_HOME
    process.env.TRACESCOPE_HOME = home
    try {
      const file = path.join(dir, 'default.db')
      const fx = writeDdeutilDb(file)
      const src = openSource(file)
      src.queries.listErrors({})
      expect(fs.existsSync(path.join(home, 'overlay.db'))).toBe(false)
      src.resolveError(fx.errors[0].id, 'ok')
      src.close()
      expect(fs.existsSync(path.join(home, 'overlay.db'))).toBe(true)
    } finally {
      if (prev === undefined) delete process.env.TRACESCOPE_HOME
      else process.env.TRACESCOPE_HOME = prev
    }
  })
})
