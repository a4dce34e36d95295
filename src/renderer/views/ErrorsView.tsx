// Errors of the file or of one session: grouped by type and message, unresolved first;
// resolve one with a note, or jump to the span it happened in.
import { useEffect, useMemo, useState } from 'react'
import { useAppStore } from '../state/store'
import { Empty, Failed, Loading } from '../components/States'
import { groupErrors } from '../lib/errorGroups'
import { formatTime } from '../lib/format'
import { formatRoute } from '../lib/route'
import type { TraceError } from '../../shared/domain'
import { Marked } from '../components/Marked'

export function ErrorsView({ sessionId }: { sessionId: string | null }) {
  const errors = useAppStore((s) => s.errors)
  const status = useAppStore((s) => s.errorsStatus)
  const err = useAppStore((s) => s.errorsError)
  const scope = useAppStore((s) => s.errorsScope)
  const truncated = useAppStore((s) => s.errorsTruncated)
  const sourceId = useAppStore((s) => s.sourceId)
  const unresolvedLive = useAppStore((s) => s.unresolvedCount)
  const [showResolved, setShowResolved] = useState(true)
  const [toggled, setToggled] = useState<ReadonlySet<string>>(new Set())

  useEffect(() => {
    if (sourceId) void useAppStore.getState().loadErrors(sessionId)
  }, [sessionId, sourceId])
  // the live count moved: someone added or resolved errors
  useEffect(() => {
    if (sourceId && status === 'ready') void useAppStore.getState().loadErrors(sessionId)
  }, [unresolvedLive])

  const groups = useMemo(
    () => groupErrors(showResolved ? errors : errors.filter((e) => !e.resolved)),
    [errors, showResolved],
  )
  if (status === 'error')
    return (
      <Failed
        title="Could not list errors"
        message={err}
        onRetry={() => void useAppStore.getState().loadErrors(sessionId)}
      />
    )
  if (status !== 'ready' || scope !== sessionId) return <Loading what="errors" />
  const unresolved = errors.filter((e) => !e.resolved).length
  return (
    <div
      className="pane"
      style={{ flex: 1, display: 'flex', flexDirection: 'column', minHeight: 0 }}
      data-testid="errors-view"
    >
      <div className="toolbar">
        <b data-testid="unresolved-count">{unresolved} unresolved</b>
        <span className="count">
          of {errors.length}
          {truncated ? '+' : ''} errors in {groups.length} groups
        </span>
        <label>
          <input
            type="checkbox"
            checked={showResolved}
            onChange={(e) => setShowResolved(e.target.checked)}
          />{' '}
          show resolved
        </label>
      </div>
      {errors.length === 0 ? (
        <Empty title="No errors recorded">
          <p>
            Nothing failed{sessionId ? ' in this session' : ''}. Errors appear here live as they are
            written.
          </p>
        </Empty>
      ) : (
        <div className="groups">
          {groups.map((g, gi) => {
            // groups with open errors start unfolded (the first few); a click flips any group
            const isOpen = (g.unresolved > 0 && gi < 5) !== toggled.has(g.key)
            return (
              <section className="group" key={g.key} data-testid="error-group">
                <header
                  onClick={() => {
                    const next = new Set(toggled)
                    if (!next.delete(g.key)) next.add(g.key)
                    setToggled(next)
                  }}
                >
                  {/* the header folds on click; this button is its keyboard handle */}
                  <button
                    type="button"
                    className="link fold"
                    aria-expanded={isOpen}
                    aria-label={`${isOpen ? 'Hide' : 'Show'} the ${g.count} ${g.type} errors`}
                  >
                    {isOpen ? '▾' : '▸'}
                  </button>
                  <b>{g.type}</b>
                  <span className="msg" title={g.message}>
                    {g.message}
                  </span>
                  <span className={`badge ${g.unresolved > 0 ? 'error' : ''}`}>
                    {g.unresolved > 0 ? `${g.unresolved} open` : 'resolved'}
                  </span>
                  <span className="muted">×{g.count}</span>
                </header>
                {isOpen &&
                  g.errors.slice(0, 100).map((e) => <ErrorItem key={e.id} e={e} showJump />)}
                {isOpen && g.errors.length > 100 && (
                  <p className="muted" style={{ padding: '4px 10px' }}>
                    {g.errors.length - 100} more like these
                  </p>
                )}
              </section>
            )
          })}
        </div>
      )}
    </div>
  )
}

export function ErrorItem({
  e,
  showJump,
  terms = [],
  extra,
}: {
  e: TraceError
  showJump: boolean
  /** a find's terms, marked in the message */
  terms?: ReadonlyArray<string>
  /** more on the muted line (the span detail adds the log line the error was written at) */
  extra?: React.ReactNode
}) {
  const [note, setNote] = useState('')
  const [resolving, setResolving] = useState(false)
  const [failure, setFailure] = useState<string | null>(null)
  const [stack, setStack] = useState(false)
  const resolve = async (): Promise<void> => {
    setResolving(true)
    setFailure(await useAppStore.getState().resolveError(e.id, note))
    setResolving(false)
  }
  return (
    <div
      className={`err ${e.resolved ? 'resolved' : ''}`}
      data-testid="error-item"
      data-error-id={e.id}
    >
      <div>
        <div>
          <b className={e.resolved ? '' : 'status-error'}>{e.type}</b>{' '}
          <span className="mono">
            <Marked text={e.message} terms={terms} />
          </span>
        </div>
        <div className="muted">
          {formatTime(e.time)}
          {showJump && e.sessionId ? ` · session ${e.sessionId}` : ''}
          {e.agentId ? ` · agent ${e.agentId}` : ''}
          {e.recoveryAction ? ` · recovery: ${e.recoveryAction}` : ''}
          {extra}
          {e.stack && (
            <>
              {' · '}
              <button
                type="button"
                className="link"
                aria-expanded={stack}
                onClick={() => setStack(!stack)}
              >
                {stack ? 'hide' : 'show'} stack
              </button>
            </>
          )}
        </div>
        {stack && e.stack && (
          // focusable: a long stack scrolls, and keyboard users scroll it too
          <pre className="stack" tabIndex={0}>
            {e.stack}
          </pre>
        )}
        {e.resolved && (
          <div className="muted" data-testid="resolution">
            resolved {formatTime(e.resolvedAt)}
            {e.resolutionNote ? `: ${e.resolutionNote}` : ''}
          </div>
        )}
        {failure && <div className="status-error">{failure}</div>}
      </div>
      <div className="actions">
        {showJump && e.sessionId && e.spanId && (
          <a
            href={formatRoute({
              view: 'session',
              sessionId: e.sessionId,
              tab: 'timeline',
              spanId: e.spanId,
            })}
            data-testid="jump-to-span"
          >
            go to span
          </a>
        )}
        {!e.resolved && (
          <>
            <input
              placeholder="resolution note"
              value={note}
              onChange={(ev) => setNote(ev.target.value)}
              data-testid="resolve-note"
              style={{ width: 160 }}
            />
            <button onClick={() => void resolve()} disabled={resolving} data-testid="resolve">
              {resolving ? 'Resolving…' : 'Resolve'}
            </button>
          </>
        )}
      </div>
    </div>
  )
}
