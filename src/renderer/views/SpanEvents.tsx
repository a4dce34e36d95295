// A span's events in the detail. Events with log levels (a ddeutil-workflow run's log lines) are
// numbered with their level on each line; an error recorded as one of them says which line
// and goes to it.
import { useEffect, useRef } from 'react'
import type { TraceError, TraceEvent } from '../../shared/domain'
import { JsonTree } from '../components/JsonTree'
import { Marked } from '../components/Marked'
import { formatDuration } from '../lib/format'
import { isLog, levelTone, logLineOfError } from '../lib/logLines'
import { jsonContains } from '../lib/sessionFind'

export function SpanEvents({
  events,
  spanStart,
  terms,
  focusLine,
}: {
  events: TraceEvent[]
  spanStart: number
  terms: ReadonlyArray<string>
  /** index of the line to scroll to and mark, -1 for none */
  focusLine: number
}) {
  const focused = useRef<HTMLTableRowElement | null>(null)
  useEffect(() => {
    focused.current?.scrollIntoView({ block: 'center' })
  }, [focusLine])
  if (events.length === 0) return <p className="muted">none</p>
  const log = isLog(events)
  return (
    <table className="log-lines">
      <tbody>
        {events.map((ev, i) => {
          const tone = levelTone(ev.level)
          return (
            <tr
              key={ev.id}
              ref={i === focusLine ? focused : undefined}
              className={i === focusLine ? 'focused' : ''}
              data-testid="log-line"
              data-line={i + 1}
            >
              {log && <td className="muted num">{i + 1}</td>}
              <td>+{formatDuration(ev.time - spanStart)}</td>
              {log && (
                <td>
                  {tone && (
                    <span className={`level level-${tone}`} data-testid="log-level">
                      {ev.level}
                    </span>
                  )}
                </td>
              )}
              <td>
                <b className={tone === 'error' ? 'status-error' : ''}>
                  <Marked text={ev.name} terms={terms} />
                </b>{' '}
                {ev.message !== null && <Marked text={ev.message} terms={terms} />}
                {Object.keys(ev.attributes).length > 0 && (
                  // folded: a run's 25 lines stay readable as lines; open when a find matched
                  <details open={terms.length > 0 && jsonContains(ev.attributes, terms)}>
                    <summary className="muted">
                      {Object.keys(ev.attributes).length} field
                      {Object.keys(ev.attributes).length === 1 ? '' : 's'}
                    </summary>
                    <JsonTree value={ev.attributes} openDepth={0} highlight={terms} />
                  </details>
                )}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** "log line 17 of 25 · go to line" under an error that is one of the span's log lines */
export function ErrorLogLine({
  error,
  events,
  onGo,
}: {
  error: TraceError
  events: TraceEvent[]
  onGo(line: number): void
}) {
  const line = logLineOfError(error, events)
  if (line < 0) return null
  return (
    <>
      {' · '}
      <span data-testid="error-log-line">
        log line {line + 1} of {events.length}
      </span>{' '}
      <button onClick={() => onGo(line)} data-testid="go-to-line">
        go to line {line + 1}
      </button>
    </>
  )
}
