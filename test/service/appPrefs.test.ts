// settings.json as users leave it: hand-written with fields missing, with a bad value, not JSON.
// What can be read is used, what cannot is named, and the first save keeps the user's file.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { AppPrefs } from '../../src/main/service/appPrefs'
import { DEFAULT_SETTINGS } from '../../src/shared/contract/schemas'

let dir: string
let file: string
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ts-prefs-'))
  file = path.join(dir, 'settings.json')
})
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('AppPrefs reading settings.json', () => {
  it('keeps what a hand-written file sets when other fields are missing', () => {
    fs.writeFileSync(file, JSON.stringify({ collector: { enabled: true, port: 4399 } }))
    const prefs = new AppPrefs(dir)
    expect(prefs.getSettings()).toEqual({
      collector: { enabled: true, port: 4399, forward: [] },
      theme: 'system',
      retentionDays: null,
    })
    expect(prefs.settingsStatus()).toEqual({ path: file, problem: null, keptAs: null })
  })

  it('names a bad value, uses its default, and keeps every other field', () => {
    fs.writeFileSync(
      file,
      JSON.stringify({ collector: { enabled: true, port: 70000 }, theme: 'dark', colour: 'red' }),
    )
    const prefs = new AppPrefs(dir)
    expect(prefs.getSettings().theme).toBe('dark')
    // one bad port: the collector's other fields are kept
    expect(prefs.getSettings().collector).toEqual({
      enabled: true,
      port: DEFAULT_SETTINGS.collector.port,
      forward: [],
    })
    const { problem } = prefs.settingsStatus()
    expect(problem).toContain('collector.port:')
    expect(problem).toContain('(default used)')
    expect(problem).toContain('"colour" is not a setting (ignored)')
  })

  it('says a file that is not JSON is not JSON, and keeps it when a save replaces it', () => {
    const text = '{ "theme": "dark", }'
    fs.writeFileSync(file, text)
    const prefs = new AppPrefs(dir)
    expect(prefs.getSettings()).toEqual(DEFAULT_SETTINGS)
    expect(prefs.settingsStatus().problem).toMatch(/^it is not valid JSON \(/)
    prefs.setSettings({ ...prefs.getSettings(), theme: 'light' })
    expect(fs.readFileSync(`${file}.invalid`, 'utf8')).toBe(text)
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).theme).toBe('light')
    expect(prefs.settingsStatus()).toEqual({
      path: file,
      problem: null,
      keptAs: `${file}.invalid`,
    })
    // read again, the saved file is whole
    expect(new AppPrefs(dir).settingsStatus().problem).toBeNull()
  })

  it('has no problem and no file when there is no settings.json yet', () => {
    const prefs = new AppPrefs(dir)
    expect(prefs.getSettings()).toEqual(DEFAULT_SETTINGS)
    expect(prefs.settingsStatus()).toEqual({ path: file, problem: null, keptAs: null })
    prefs.setSettings(prefs.getSettings())
    expect(fs.existsSync(`${file}.invalid`)).toBe(false)
  })
})
