// The dev-server URL is a development convenience: a packaged app ignores it (else an
// environment variable could hand any page the full bridge), and even in development only a
// loopback http URL is taken. The guarded path desktopApp.ts runs, with Electron's
// app.isPackaged as a plain value (no Electron binary here).
import { describe, expect, it } from 'vitest'
import { devRendererUrl } from '../../src/main/electron/rendererSource'

describe('devRendererUrl', () => {
  it('is ignored in a packaged app', () => {
    expect(devRendererUrl(true, { ELECTRON_RENDERER_URL: 'http://localhost:5173/' })).toBeNull()
    expect(devRendererUrl(true, { ELECTRON_RENDERER_URL: 'https://evil.example/' })).toBeNull()
  })

  it('is honoured in development for a loopback http URL only', () => {
    expect(devRendererUrl(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173' })).toBe(
      'http://localhost:5173/',
    )
    expect(devRendererUrl(false, { ELECTRON_RENDERER_URL: 'http://127.0.0.1:5173/x' })).toBe(
      'http://127.0.0.1:5173/x',
    )
    for (const bad of [
      'https://evil.example/',
      'http://evil.example:5173/',
      'file:///etc/passwd',
      'not a url',
    ])
      expect(devRendererUrl(false, { ELECTRON_RENDERER_URL: bad })).toBeNull()
    expect(devRendererUrl(false, {})).toBeNull()
  })

  it('is what desktopApp.ts passes to its windows', async () => {
    const fs = await import('node:fs')
    const src = fs.readFileSync(require.resolve('../../src/main/electron/desktopApp.ts'), 'utf8')
    expect(src).toContain('devRendererUrl(app.isPackaged, process.env)')
    expect(src).not.toMatch(/process\.env\.ELECTRON_RENDERER_URL/)
  })
})
