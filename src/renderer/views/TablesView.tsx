// A generic table browser for files Tracescope only partly understands: every table, its
// columns and rows, a page at a time.
import { useEffect, useState } from 'react'
import { useAppStore } from '../state/store'
import { api, describeError } from '../state/apiRef'
import { Empty, Failed, Loading } from '../components/States'
import { formatRoute } from '../lib/route'
import type { TableRows, TableSummary } from '../../shared/contract/invoke'

export function TablesView({ table }: { table: string | null }) {
  const sourceId = useAppStore((s) => s.sourceId)
  const sources = useAppStore((s) => s.sources)
  const [tables, setTables] = useState<TableSummary[] | null>(null)
  const [rows, setRows] = useState<TableRows | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [unavailable, setUnavailable] = useState<string | null>(null)

  useEffect(() => {
    if (!sourceId) return
    api()
      .invoke('tables.list', { sourceId })
      .then(setTables)
      .catch((e) => {
        // a file Tracescope understands has views for its data instead of raw tables
        if ((e as { code?: string }).code === 'unavailable') setUnavailable((e as Error).message)
        else setError(describeError(e))
      })
  }, [sourceId])

  const load = (cursor: string | null): void => {
    if (!sourceId || !table) return
    api()
      .invoke('tables.rows', { sourceId, table, limit: 200, cursor })
      .then((r) =>
        setRows((prev) => (cursor && prev ? { ...r, rows: [...prev.rows, ...r.rows] } : r)),
      )
      .catch((e) => setError(describeError(e)))
  }
  useEffect(() => {
    setRows(null)
    load(null)
  }, [sourceId, table])

  if (unavailable)
    return (
      <Empty title="Nothing to browse here">
        <p>{unavailable}</p>
        <p>
          This file's sessions, spans and errors are in the{' '}
          <a href={formatRoute({ view: 'sessions' })}>Sessions</a> view.
        </p>
      </Empty>
    )
  if (error) return <Failed title="Could not read the file's tables" message={error} />
  if (!tables) return <Loading what="tables" />
  const info = sources.find((s) => s.sourceId === sourceId)?.info
  return (
    <div className="split" data-testid="tables-view">
      <div style={{ flex: '0 0 260px', borderRight: '1px solid var(--border)', overflow: 'auto' }}>
        <p className="muted" style={{ padding: '0 10px' }}>
          {info ? `${info.kind} file${info.readOnly ? ', read-only' : ''}` : ''}
          {info?.notes.map((n) => (
            <span key={n}>
              <br />
              {n}
            </span>
          ))}
        </p>
        {tables.map((t) => (
          <div
            key={t.name}
            className={`vrow ${t.name === table ? 'selected' : ''}`}
            style={{ position: 'static', padding: '4px 10px' }}
          >
            <a href={formatRoute({ view: 'tables', table: t.name })} data-testid="table-link">
              {t.name}
            </a>
            <span className="muted" style={{ marginLeft: 'auto' }}>
              {t.rowCount ?? '?'}
            </span>
          </div>
        ))}
      </div>
      <div className="scroll" tabIndex={0} role="region" aria-label={table ?? 'Table rows'}>
        {!table ? (
          <Empty title="Pick a table">
            <p>Every table of the file is listed on the left, with its row count.</p>
          </Empty>
        ) : !rows ? (
          <Loading what={table} />
        ) : (
          <>
            <table className="plain-table" data-testid="table-rows">
              <thead>
                <tr>
                  {rows.columns.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.rows.map((r, i) => (
                  <tr key={i}>
                    {r.map((v, j) => (
                      <td key={j} title={typeof v === 'string' ? v : JSON.stringify(v)}>
                        {v === null ? (
                          <span className="muted">null</span>
                        ) : typeof v === 'string' ? (
                          v
                        ) : (
                          JSON.stringify(v)
                        )}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
            {rows.nextCursor && (
              <button style={{ margin: 10 }} onClick={() => load(rows.nextCursor)}>
                Load more rows
              </button>
            )}
          </>
        )}
      </div>
    </div>
  )
}
