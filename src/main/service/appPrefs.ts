// Settings and recent files, kept as small JSON files in the app data folder. A damaged file
// never keeps the app from starting: what can be read of settings.json is used, the rest takes
// its default, and what was wrong is reported (settings.status) instead of passing in silence.
// The first save over such a file keeps the user's file beside it, so a hand edit is never lost.
import fs from 'node:fs'
import path from 'node:path'
import { z } from 'zod'
import { DEFAULT_SETTINGS, settingsSchema } from '../../shared/contract/schemas'
import type { Settings, SettingsPatch } from '../../shared/contract/schemas'
import type { RecentFile, SettingsFileStatus } from '../../shared/contract/invoke'

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

/**
 * settings.json read field by field: a missing field takes its default (a file written by an
 * older version, or a hand-written one), a bad one too, and each bad one is named.
 */
export function readSettingsFile(
  file: string,
  defaults: Settings,
): { settings: Settings; problem: string | null } {
  const settings = structuredClone(defaults)
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { settings, problem: null }
    return { settings, problem: `it could not be read (${(e as Error).message})` }
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    return { settings, problem: `it is not valid JSON (${(e as Error).message})` }
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    return { settings, problem: 'it does not hold a JSON object' }
  const problems: string[] = []
  readFields(settingsSchema, raw as Record<string, unknown>, settings, '', problems)
  return { settings, problem: problems.length ? problems.join('; ') : null }
}

/**
 * Copies each field of `raw` that `schema` accepts into `into`; an object field that is refused
 * as a whole is read field by field in turn, so one bad port keeps the collector's other fields.
 */
function readFields(
  schema: z.ZodObject,
  raw: Record<string, unknown>,
  into: Record<string, unknown>,
  prefix: string,
  problems: string[],
): void {
  for (const [key, value] of Object.entries(raw)) {
    const name = `${prefix}${key}`
    const field = schema.shape[key] as z.ZodType | undefined
    if (!field) {
      problems.push(`"${name}" is not a setting (ignored)`)
      continue
    }
    const parsed = field.safeParse(value)
    if (parsed.success) {
      into[key] = parsed.data
      continue
    }
    const inner = field instanceof z.ZodObject ? field : null
    if (inner && value && typeof value === 'object' && !Array.isArray(value)) {
      const part = { ...(into[key] as Record<string, unknown>) }
      readFields(inner, value as Record<string, unknown>, part, `${name}.`, problems)
      // the defaults for what was refused make the object whole again
      const whole = inner.safeParse(part)
      if (whole.success) into[key] = whole.data
      continue
    }
    for (const i of parsed.error.issues)
      problems.push(`${[name, ...i.path.map(String)].join('.')}: ${i.message} (default used)`)
  }
}

export class AppPrefs {
  private settings: Settings
  private recent: Array<Omit<RecentFile, 'exists'>>
  private problem: string | null = null
  private keptAs: string | null = null

  /** dir null: keep everything in memory (tests, `serve` without an app folder) */
  constructor(
    private readonly dir: string | null,
    defaults: Settings = DEFAULT_SETTINGS,
  ) {
    if (dir) {
      const read = readSettingsFile(path.join(dir, 'settings.json'), defaults)
      this.settings = read.settings
      this.problem = read.problem
    } else this.settings = structuredClone(defaults)
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

  /** where settings live and what could not be read of them */
  settingsStatus(): SettingsFileStatus {
    return {
      path: this.dir ? path.join(this.dir, 'settings.json') : null,
      problem: this.problem,
      keptAs: this.keptAs,
    }
  }

  setSettings(next: Settings): Settings {
    this.settings = settingsSchema.parse(next)
    if (this.dir) {
      const file = path.join(this.dir, 'settings.json')
      if (this.problem !== null && fs.existsSync(file)) {
        // the user's file as it was, before it is replaced by one that reads in full
        this.keptAs = `${file}.invalid`
        fs.copyFileSync(file, this.keptAs)
      }
      writeJsonAtomic(file, this.settings)
      this.problem = null
    }
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
