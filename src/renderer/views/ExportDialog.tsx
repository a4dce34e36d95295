// Export the current filter to JSON, NDJSON, OTLP or Chrome trace. Electron asks where to
// save; browser mode ends with a download. Progress arrives on `export.progress`.
import { useEffect, useId, useState } from 'react'
import { useAppStore } from '../state/store'
import { api, describeError } from '../state/apiRef'
import type { EventPayload } from '../../shared/contract/events'
import type { ExportFormat } from '../../shared/contract/schemas'
import type { ExportCountResult } from '../../shared/contract/invoke'
import { formatCount } from '../lib/format'
import { describeCount, exportFilterOf, whereError } from '../lib/exportFilter'
import { Modal } from './Modal'

type Progress = EventPayload<'export.progress'>

export function ExportDialog() {
  const sourceId = useAppStore((s) => s.sourceId)
  const session = useAppStore((s) => s.session)
  const view = useAppStore((s) => s.view)
  const bounds = useAppStore((s) => s.bounds)
  const info = useAppStore((s) => s.appInfo)
  const [format, setFormat] = useState<ExportFormat>('ndjson')
  // until the person picks, the default follows the session: the dialog can open before the
  // session has loaded, and "every session" must not be what it then silently exports
  const [pickedScope, setScope] = useState<'session' | 'all' | null>(null)
  const scope = pickedScope ?? (session ? 'session' : 'all')
  const [onlyWindow, setOnlyWindow] = useState(false)
  const [status, setStatus] = useState<'' | 'ok' | 'error'>('')
  const [name, setName] = useState('')
  const [text, setText] = useState('')
  const [agents, setAgents] = useState('')
  const [where, setWhere] = useState('')
  const badWhere = whereError(where)
  const [exportId, setExportId] = useState<string | null>(null)
  const [progress, setProgress] = useState<Progress | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [counted, setCounted] = useState<ExportCountResult | null>(null)
  const [countError, setCountError] = useState<string | null>(null)
  const close = (): void => useAppStore.getState().setExportOpen(false)
  const filter = exportFilterOf({
    sessionId: scope === 'session' && session ? session.id : null,
    window: onlyWindow && session ? view : null,
    status,
    name,
    text,
    agents,
    where,
  })
  const filterKey = JSON.stringify([filter, format])

  // what would be written, counted before anything is (a short pause after each change)
  useEffect(() => {
    if (!sourceId) return
    let stale = false
    setCounted(null)
    setCountError(null)
    const t = setTimeout(() => {
      api()
        .invoke('export.count', { sourceId, filter, format })
        .then((c) => !stale && setCounted(c))
        .catch((e) => !stale && setCountError(describeError(e)))
    }, 250)
    return () => {
      stale = true
      clearTimeout(t)
    }
  }, [sourceId, filterKey])

  useEffect(
    () =>
      api().on('export.progress', (p) => {
        if (p.exportId !== exportId) return
        setProgress(p)
        if (p.phase === 'done' && p.downloadUrl) {
          const a = document.createElement('a')
          a.href = p.downloadUrl
          a.download = ''
          document.body.appendChild(a)
          a.click()
          a.remove()
        }
      }),
    [exportId],
  )

  const start = async (): Promise<void> => {
    if (!sourceId) return
    setError(null)
    setProgress(null)
    try {
      const r = await api().invoke('export.start', { sourceId, filter, format })
      if (!r.started) return setError('Cancelled: no file was chosen.')
      setExportId(r.exportId)
    } catch (e) {
      setError(describeError(e))
    }
  }

  const running = exportId !== null && (!progress || progress.phase === 'running')
  const pct = progress?.total ? Math.min(100, (progress.records / progress.total) * 100) : null
  const zoomed = session && (view.start > bounds.start || view.end < bounds.end)
  return (
    <Modal
      title="Export traces"
      label="Export"
      className="export"
      testId="export-dialog"
      onClose={close}
    >
      <div className="row">
        <label htmlFor="export-scope">Sessions</label>
        <select
          id="export-scope"
          value={scope}
          onChange={(e) => setScope(e.target.value as 'session' | 'all')}
          data-testid="export-scope"
        >
          {session && <option value="session">this session ({session.name ?? session.id})</option>}
          <option value="all">every session in the file</option>
        </select>
      </div>
      {session && (
        <div className="row">
          <label>Time</label>
          <label style={{ width: 'auto' }}>
            <input
              type="checkbox"
              checked={onlyWindow}
              onChange={(e) => setOnlyWindow(e.target.checked)}
              disabled={!zoomed}
            />{' '}
            only the zoomed window
            {!zoomed && <span className="muted"> (zoom the timeline first)</span>}
          </label>
        </div>
      )}
      <div className="row">
        <label htmlFor="export-status">Status</label>
        <select
          id="export-status"
          value={status}
          onChange={(e) => setStatus(e.target.value as '' | 'ok' | 'error')}
          data-testid="export-status"
        >
          <option value="">any</option>
          <option value="error">errors only</option>
          <option value="ok">ok only</option>
        </select>
      </div>
      <TextRow
        label="Span name"
        value={name}
        onChange={setName}
        placeholder="exact name (optional)"
      />
      <TextRow label="Text" value={text} onChange={setText} placeholder="full-text (optional)" />
      <TextRow
        label="Agents"
        value={agents}
        onChange={setAgents}
        placeholder="ids, comma-separated (optional)"
      />
      <TextRow
        label="Where"
        value={where}
        onChange={setWhere}
        placeholder="e.g. status:error duration>2s (optional)"
        error={badWhere}
        testId="export-where"
      />
      <div className="row">
        <label htmlFor="export-format">Format</label>
        <select
          id="export-format"
          value={format}
          onChange={(e) => setFormat(e.target.value as ExportFormat)}
          data-testid="export-format"
        >
          <option value="ndjson">NDJSON (one record per line)</option>
          <option value="json">JSON</option>
          <option value="otlp">OTLP JSON</option>
          <option value="chrome">Chrome trace (Perfetto)</option>
        </select>
      </div>
      <p className="export-count" data-testid="export-count" aria-live="polite">
        {badWhere ? (
          <span className="muted">Fix the where expression to count what matches.</span>
        ) : countError ? (
          <span className="status-error">Could not count: {countError}</span>
        ) : counted ? (
          <>
            {describeCount(counted)}
            <br />
            <span className="muted">
              saved as <code data-testid="export-file-name">{counted.fileName}</code>
            </span>
          </>
        ) : (
          <span className="muted">Counting what matches…</span>
        )}
      </p>
      {progress && (
        <div data-testid="export-progress">
          {pct !== null && (
            <div className="progress">
              <div style={{ width: `${pct}%` }} />
            </div>
          )}
          <p>
            {progress.phase === 'done'
              ? `Done: ${formatCount(progress.records)} records, ${formatCount(progress.bytes)} bytes${progress.path ? ` → ${progress.path}` : ' (downloading)'}`
              : progress.phase === 'failed'
                ? `Failed: ${progress.error}`
                : progress.phase === 'cancelled'
                  ? 'Cancelled.'
                  : `${formatCount(progress.records)} records…`}
          </p>
        </div>
      )}
      {error && <p className="status-error">{error}</p>}
      <div className="buttons">
        {running && exportId && (
          <button onClick={() => void api().invoke('export.cancel', { exportId })}>
            Cancel export
          </button>
        )}
        <button onClick={close}>Close</button>
        <button
          className="primary"
          disabled={running || badWhere !== null}
          onClick={() => void start()}
          data-testid="export-start"
        >
          {info?.capabilities.saveDialog ? 'Save as…' : 'Export & download'}
        </button>
      </div>
    </Modal>
  )
}

/** one optional text filter of the dialog */
function TextRow(props: {
  label: string
  value: string
  onChange(value: string): void
  placeholder: string
  /** why the value is refused, shown under the field */
  error?: string | null
  testId?: string
}) {
  const id = useId()
  const errorId = `${id}-error`
  const error = props.error ?? null
  return (
    <>
      <div className="row">
        <label htmlFor={id}>{props.label}</label>
        <input
          id={id}
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          placeholder={props.placeholder}
          aria-invalid={error !== null}
          aria-describedby={error !== null ? errorId : undefined}
          data-testid={props.testId}
        />
      </div>
      {error !== null && (
        <p
          className="status-error field-error"
          id={errorId}
          role="alert"
          data-testid={props.testId && `${props.testId}-error`}
        >
          {error}
        </p>
      )}
    </>
  )
}
