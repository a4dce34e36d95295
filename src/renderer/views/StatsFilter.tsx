// The Statistics view's filter box: a filter expression (docs/filter.md) narrows the grouped
// table and is the "spans matching the filter" selection of "What do they share?". The input is
// read as the session's find box reads it (readFindQuery: free text or an expression), and an
// expression that does not parse gets the same sentence under the box; Enter then puts the caret
// where it went wrong.
import { useEffect, useMemo, useState } from 'react'
import { readFindQuery } from '../lib/findQuery'
import { FilterError } from '../components/FilterError'

/** statistics are read again after this pause in typing, not on every keystroke */
const SETTLE_MS = 300

export function StatsFilter({ onApply }: { onApply: (where: string | null) => void }) {
  const [text, setText] = useState('')
  const query = useMemo(() => readFindQuery(text), [text])
  useEffect(() => {
    if (query.kind === 'error') return
    const t = setTimeout(() => onApply(text.trim() || null), SETTLE_MS)
    return () => clearTimeout(t)
  }, [query])
  const error = query.kind === 'error' ? query.message : null
  return (
    <>
      <div className="toolbar">
        <label htmlFor="stats-filter">Only spans matching</label>
        <input
          id="stats-filter"
          data-testid="stats-filter"
          placeholder="agent:coder status:error duration>2s"
          aria-invalid={error !== null}
          aria-describedby={error !== null ? 'stats-filter-error' : undefined}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault()
              if (query.kind === 'error')
                e.currentTarget.setSelectionRange(query.position, query.position)
              else onApply(text.trim() || null)
            } else if (e.key === 'Escape' && text !== '') {
              e.preventDefault()
              setText('')
            }
          }}
          style={{ width: 320 }}
        />
      </div>
      {error !== null && (
        <FilterError id="stats-filter-error" message={error} testId="stats-filter-error" />
      )}
    </>
  )
}
