// Settings and recent files, kept as small JSON files in the app data folder. A damaged file
// falls back to defaults rather than keeping the app from starting.
import fs from 'node:fs'
import path from 'node:path'
import { DEFAULT_SETTINGS, settingsSchema } from '../../shared/contract/schemas'
import type { Settings, SettingsPatch } from '../../shared/contract/schemas'
import type { RecentFile } from '../../shared/contract/invoke'

const MAX_RECENT = 12

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

function writeJsonAtomic(file: string, value: unknown): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const tmp = `${file}.${process.pid}.tmp`
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2))
  fs.renameSync(tmp, file)
}

export function mergeSettings(base: Settings, patch: SettingsPatch): Settings {
  return {
    collector: { ...base.collector, ...(patch.collector ?? {}) },
    theme: patch.theme ?? base.theme,
    retentionDays: patch.retentionDays === undefined ? base.retentionDays : patch.retentionDays,
  }
}

export class AppPrefs {
  private settings: Settings
  private recent: Array<Omit<RecentFile, 'exists'>>

  /** dir null: keep everything in memory (tests, `serve` without an app folder) */
  constructor(
    private readonly dir: string | null,
    defaults: Settings = DEFAULT_SETTINGS,
  ) {
    const s = dir ? settingsSchema.safeParse(readJson(path.join(dir, 'settings.json'))) : null
    this.settings = s?.success ? s.data : structuredClone(defaults)
    const r = dir ? readJson(path.join(dir, 'recent-files.json')) : undefined
    this.recent = Array.isArray(r)
      ? r.filter(
          (x): x is Omit<RecentFile, 'exists'> =>
            typeof x?.path === 'string' &&
            typeof x?.name === 'string' &&
            typeof x?.openedAt === 'number',
        )
      : []
  }

  getSettings(): Settings {
    return structuredClone(this.settings)
  }

  setSettings(next: Settings): Settings {
    this.settings = settingsSchema.parse(next)
    if (this.dir) writeJsonAtomic(path.join(this.dir, 'settings.json'), this.settings)
    return this.getSettings()
  }

  recentFiles(): RecentFile[] {
    return this.recent.map((r) => ({ ...r, exists: fs.existsSync(r.path) }))
  }

  addRecent(file: string, now = Date.now()): void {
    this.recent = [
      { path: file, name: path.basename(file), openedAt: now },
      ...this.recent.filter((r) => r.path !== file),
    ].slice(0, MAX_RECENT)
    if (this.dir) writeJsonAtomic(path.join(this.dir, 'recent-files.json'), this.recent)
  }
}
