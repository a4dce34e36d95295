// Log levels in four groups (tones): what the Logs tab's level filter and its badges mean by
// "error", "warn", "info" and "debug". One home for the groups: the renderer colours lines by them
// and every source filters `events.list { levelTone }` by them, in SQL or on the page.

export type LevelTone = 'error' | 'warn' | 'info' | 'debug'

export const LEVEL_TONES: ReadonlyArray<LevelTone> = ['error', 'warn', 'info', 'debug']

/** the lower-case levels of each named group; every other non-empty level is "info" */
const GROUPS: Readonly<Record<Exclude<LevelTone, 'info'>, ReadonlyArray<string>>> = {
  error: ['error', 'critical', 'exception', 'fatal'],
  warn: ['warning', 'warn'],
  debug: ['debug', 'trace'],
}

export const ERROR_LEVELS: ReadonlySet<string> = new Set(GROUPS.error)

/** The tone of a log level, ignoring case; null for events without one. */
export function levelTone(level: string | null): LevelTone | null {
  if (level === null || level === '') return null
  const l = level.toLowerCase()
  if (ERROR_LEVELS.has(l)) return 'error'
  if (GROUPS.warn.includes(l)) return 'warn'
  if (GROUPS.debug.includes(l)) return 'debug'
  return 'info'
}

/**
 * The levels of a tone as a SQL test on the lower-cased level: `in` these values, or (info, the
 * group of everything else) non-empty and `notIn` the other groups' values.
 */
export function toneLevels(
  tone: LevelTone,
): { in: ReadonlyArray<string> } | { notIn: ReadonlyArray<string> } {
  if (tone !== 'info') return { in: GROUPS[tone] }
  return { notIn: [...GROUPS.error, ...GROUPS.warn, ...GROUPS.debug] }
}

/**
 * A SQL condition that `expr` (a lower-cased level, NULL for none) is in `tone`, with its bound
 * values: for the sources that filter their own tables.
 */
export function toneSql(expr: string, tone: LevelTone): { sql: string; params: string[] } {
  const t = toneLevels(tone)
  if ('in' in t) return { sql: `${expr} IN (${t.in.map(() => '?').join(', ')})`, params: [...t.in] }
  return {
    sql: `(${expr} <> '' AND ${expr} NOT IN (${t.notIn.map(() => '?').join(', ')}))`,
    params: [...t.notIn],
  }
}
