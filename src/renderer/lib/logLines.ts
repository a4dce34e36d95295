// A span's events read as a log: which line an error was written at (ddeutil-workflow writes an
// error as one of the run's log lines, sharing its id), and a level's badge class.
import type { TraceError, TraceEvent } from '../../shared/domain'

const ERROR_LEVELS = new Set(['error', 'critical', 'exception', 'fatal'])

/**
 * Index in `events` of the log line the error was recorded as: the event with the error's id,
 * else one at the same moment whose level is an error level or whose message is the error's.
 * -1 when no line is the error.
 */
export function logLineOfError(e: TraceError, events: ReadonlyArray<TraceEvent>): number {
  const byId = events.findIndex((ev) => ev.id === e.id)
  if (byId >= 0) return byId
  return events.findIndex(
    (ev) =>
      ev.time === e.time &&
      ((ev.level !== null && ERROR_LEVELS.has(ev.level)) ||
        (ev.message !== null && e.message !== '' && ev.message.includes(e.message))),
  )
}

export type LevelTone = 'error' | 'warn' | 'info' | 'debug'

/** The badge tone of a log level; null for events without one. */
export function levelTone(level: string | null): LevelTone | null {
  if (level === null || level === '') return null
  const l = level.toLowerCase()
  if (ERROR_LEVELS.has(l)) return 'error'
  if (l === 'warning' || l === 'warn') return 'warn'
  if (l === 'debug' || l === 'trace') return 'debug'
  return 'info'
}

/** true when any event carries a log level: the events are shown as numbered log lines. */
export function isLog(events: ReadonlyArray<TraceEvent>): boolean {
  return events.some((ev) => ev.level !== null && ev.level !== '')
}
