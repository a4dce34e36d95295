// A span's events read as a log: which line an error was written at (ddeutil-workflow writes an
// error as one of the run's log lines, sharing its id), and a level's badge class.
import type { TraceError, TraceEvent } from '../../shared/domain'
import { ERROR_LEVELS } from '../../shared/levelTone'

export { levelTone, type LevelTone } from '../../shared/levelTone'

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

/** true when any event carries a log level: the events are shown as numbered log lines. */
export function isLog(events: ReadonlyArray<TraceEvent>): boolean {
  return events.some((ev) => ev.level !== null && ev.level !== '')
}
