import { describe, expect, it } from 'vitest'
import { resolveShortcut, SHORTCUTS } from '../../src/renderer/lib/shortcuts'

describe('keyboard shortcuts', () => {
  it('maps keys to actions and ignores modified keys', () => {
    expect(resolveShortcut({ key: 'j' })).toBe('next')
    expect(resolveShortcut({ key: '?' })).toBe('help')
    expect(resolveShortcut({ key: '[' })).toBe('collapse')
    expect(resolveShortcut({ key: '0' })).toBe('zoomReset')
    expect(resolveShortcut({ key: 'j', ctrlKey: true })).toBeNull()
    expect(resolveShortcut({ key: 'x' })).toBeNull()
  })

  it('lets text fields keep their keys except Escape', () => {
    expect(resolveShortcut({ key: 'j', inTextField: true })).toBeNull()
    expect(resolveShortcut({ key: '/', inTextField: true })).toBeNull()
    expect(resolveShortcut({ key: 'Escape', inTextField: true })).toBe('back')
  })

  it('documents every key the brief names', () => {
    const keys = SHORTCUTS.flatMap((s) => s.keys)
    for (const k of ['/', 'j', 'k', 'Enter', 'Escape', '[', ']', '+', '-', '0', '?'])
      expect(keys).toContain(k)
  })
})
