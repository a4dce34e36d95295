// The settings form's pure parts: the collector address and the patch of changed fields.
import { describe, expect, it } from 'vitest'
import { DEFAULT_SETTINGS } from '../../src/shared/contract/schemas'
import { collectorUrl, draftOf, settingsPatch } from '../../src/renderer/lib/settingsForm'
import { resolveShortcut, SHORTCUTS } from '../../src/renderer/lib/shortcuts'

const saved = { ...DEFAULT_SETTINGS, collector: { enabled: true, port: 4318, forward: [] } }

describe('settings form', () => {
  it('shows the loopback OTLP/HTTP traces address for a port', () => {
    expect(collectorUrl(4318)).toBe('http://127.0.0.1:4318/v1/traces')
  })

  it('an untouched form changes nothing', () => {
    expect(settingsPatch(saved, draftOf(saved))).toEqual({})
  })

  it('sends only what changed; empty retention means keep forever', () => {
    const d = draftOf(saved)
    expect(settingsPatch(saved, { ...d, retention: ' 30 ', theme: 'dark' })).toEqual({
      retentionDays: 30,
      theme: 'dark',
    })
    expect(settingsPatch(saved, { ...d, enabled: false })).toEqual({
      collector: { enabled: false, port: 4318 },
    })
    const keeping = { ...saved, retentionDays: 7 }
    expect(settingsPatch(keeping, { ...draftOf(keeping), retention: '' })).toEqual({
      retentionDays: null,
    })
  })

  it('names the field that is wrong', () => {
    const d = draftOf(saved)
    expect(settingsPatch(saved, { ...d, port: '70000' })).toMatch(/port/)
    expect(settingsPatch(saved, { ...d, port: '' })).toMatch(/port/)
    expect(settingsPatch(saved, { ...d, retention: '1.5' })).toMatch(/days/)
    expect(settingsPatch(saved, { ...d, retention: '0' })).toMatch(/days/)
  })

  it('forwards to the endpoints listed, each with the headers listed', () => {
    const d = draftOf(saved)
    expect(
      settingsPatch(saved, {
        ...d,
        forward: ' http://team:4318 \n\nhttps://otel.example/otlp/',
        forwardHeaders: 'Authorization=Bearer abc\n',
      }),
    ).toEqual({
      collector: {
        enabled: true,
        port: 4318,
        forward: [
          { url: 'http://team:4318', headers: { authorization: 'Bearer abc' } },
          { url: 'https://otel.example/otlp', headers: { authorization: 'Bearer abc' } },
        ],
      },
    })
    const forwarding = {
      ...saved,
      collector: {
        ...saved.collector,
        forward: [{ url: 'http://team:4318', headers: { a: '1' } }],
      },
    }
    expect(draftOf(forwarding)).toMatchObject({
      forward: 'http://team:4318',
      forwardHeaders: 'a=1',
    })
    expect(settingsPatch(forwarding, draftOf(forwarding))).toEqual({})
    expect(settingsPatch(forwarding, { ...draftOf(forwarding), forward: '' })).toEqual({
      collector: { enabled: true, port: 4318, forward: [] },
    })
    expect(settingsPatch(saved, { ...d, forward: 'team:4318' })).toMatch(
      /^Forward to team:4318: only http/,
    )
    expect(settingsPatch(saved, { ...d, forward: 'http://a\nhttp://a' })).toMatch(/twice/)
    // headers without an endpoint go nowhere, and are not kept
    expect(settingsPatch(saved, { ...d, forwardHeaders: 'x=1' })).toEqual({})
    expect(settingsPatch(saved, { ...d, forward: 'http://a', forwardHeaders: 'nope' })).toMatch(
      /^Header "nope": expected name=value/,
    )
  })

  it('"," opens settings and is listed in the help', () => {
    expect(resolveShortcut({ key: ',' })).toBe('settings')
    expect(resolveShortcut({ key: ',', inTextField: true })).toBeNull()
    expect(SHORTCUTS.some((s) => s.action === 'settings' && s.keys.includes(','))).toBe(true)
  })
})
