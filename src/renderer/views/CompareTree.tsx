// The merged tree of two runs as a virtualized list: one row per step, its change as a mark and
// a word (never colour alone), its durations in A and B and the difference. Arrows (j / k) move,
// ← / → fold, Enter opens the step's detail.
import { useEffect, useMemo, useState } from 'react'
import { VirtualList } from '../components/VirtualList'
import { Empty } from '../components/States'
import { formatDuration } from '../lib/format'
import { hasChildren, visibleSteps } from '../lib/compareRows'
import { rankByImpact, type StepDiff } from '../../shared/compare/runDiff'
import { STEP_MARK, stepKind } from '../../shared/compare/stepKind'
import { setKeyTarget } from './keyTarget'
import { signedDuration } from './compareFormat'

const GRID = 'minmax(260px, 3fr) 110px 90px 90px 100px'

export function CompareTree({
  steps,
  selected,
  onSelect,
}: {
  steps: StepDiff[]
  selected: number | null
  onSelect: (i: number | null) => void
}) {
  const [folded, setFolded] = useState<ReadonlySet<number>>(new Set())
  const [onlyDiffs, setOnlyDiffs] = useState(false)
  // tree order, or the differing steps alone with the biggest impact first (failures, then time)
  const [byImpact, setByImpact] = useState(false)
  const [cursor, setCursor] = useState(0)
  const rows = useMemo(
    () =>
      byImpact ? rankByImpact(steps).map((s) => s.index) : visibleSteps(steps, folded, onlyDiffs),
    [steps, folded, onlyDiffs, byImpact],
  )
  const current = rows[Math.min(cursor, rows.length - 1)]

  useEffect(() => setFolded(new Set()), [steps])
  useEffect(() => {
    const toggle = (i: number, fold: boolean): void => {
      if (!hasChildren(steps, i) || folded.has(i) === fold) return
      const next = new Set(folded)
      if (fold) next.add(i)
      else next.delete(i)
      setFolded(next)
    }
    setKeyTarget({
      move: (d) => setCursor((c) => Math.min(rows.length - 1, Math.max(0, c + d))),
      open: () => {
        if (current !== undefined) onSelect(current)
      },
      fold: (expand) => {
        if (current === undefined) return
        if (expand) toggle(current, false)
        else if (hasChildren(steps, current) && !folded.has(current)) toggle(current, true)
        else {
          // on a leaf or a folded step, ← goes up to the parent, as in the span tree
          const p = steps[current].parentIndex
          if (p !== null && rows.includes(p)) setCursor(rows.indexOf(p))
        }
      },
    })
    return () => setKeyTarget(null)
  }, [rows, current, folded, steps, onSelect])

  return (
    <>
      <div className="toolbar">
        <label>
          <input
            type="checkbox"
            checked={onlyDiffs}
            disabled={byImpact}
            onChange={(e) => {
              setOnlyDiffs(e.target.checked)
              setCursor(0)
            }}
            data-testid="compare-only-diffs"
          />{' '}
          only differences
        </label>
        <label>
          order{' '}
          <select
            value={byImpact ? 'impact' : 'tree'}
            onChange={(e) => {
              setByImpact(e.target.value === 'impact')
              setCursor(0)
            }}
            data-testid="compare-order"
          >
            <option value="tree">as a tree</option>
            <option value="impact">biggest impact first</option>
          </select>
        </label>
        <span className="count">{rows.length.toLocaleString()} steps shown</span>
      </div>
      <div
        className="vhead"
        style={{ display: 'grid', gridTemplateColumns: GRID, height: 28, alignItems: 'center' }}
      >
        <span className="cell">Step</span>
        <span className="cell">Change</span>
        <span className="cell num">A</span>
        <span className="cell num">B</span>
        <span className="cell num">B − A</span>
      </div>
      {rows.length === 0 ? (
        <Empty title="The two runs do not differ">
          <p>Every step has the same status, timing, tokens, attributes and messages.</p>
        </Empty>
      ) : (
        <VirtualList
          count={rows.length}
          rowHeight={26}
          testId="compare-tree"
          scrollToIndex={cursor}
          listProps={{
            role: 'tree',
            'aria-label': 'Steps of both runs',
            tabIndex: 0,
            'aria-activedescendant': current !== undefined ? `compare-step-${current}` : undefined,
          }}
          renderRow={(r, style) => {
            const i = rows[r]
            const s = steps[i]
            const kind = stepKind(s)
            const kids = !byImpact && hasChildren(steps, i)
            return (
              <div
                key={i}
                id={`compare-step-${i}`}
                role="treeitem"
                aria-level={byImpact ? 1 : s.depth + 1}
                aria-expanded={kids ? !folded.has(i) : undefined}
                aria-selected={i === current}
                className={`vrow compare-row delta-${kind} ${i === current ? 'selected' : ''} ${i === selected ? 'open' : ''}`}
                style={{ ...style, display: 'grid', gridTemplateColumns: GRID }}
                data-testid="compare-row"
                data-kind={kind}
                onClick={() => {
                  setCursor(r)
                  onSelect(i)
                }}
              >
                <span className="cell">
                  <span style={{ paddingLeft: byImpact ? 0 : Math.min(s.depth, 30) * 14 }} />
                  <span
                    className="tw"
                    aria-hidden="true"
                    onClick={(e) => {
                      e.stopPropagation()
                      if (!kids) return
                      const next = new Set(folded)
                      if (folded.has(i)) next.delete(i)
                      else next.add(i)
                      setFolded(next)
                    }}
                  >
                    {kids ? (folded.has(i) ? '▸' : '▾') : ''}
                  </span>
                  {byImpact ? (
                    // out of the tree, a step is known by its whole path
                    <span className="step-name" title={s.path}>
                      {s.path}
                    </span>
                  ) : (
                    <>
                      <span className="step-name">
                        {s.name}
                        {s.ordinal > 1 ? ` #${s.ordinal}` : ''}
                      </span>
                      {s.agent && <span className="muted"> · {s.agent}</span>}
                    </>
                  )}
                </span>
                <span className="cell delta-word">
                  {STEP_MARK[kind]} {kind}
                </span>
                <span className="cell num">{formatDuration(s.a?.durationMs)}</span>
                <span className="cell num">{formatDuration(s.b?.durationMs)}</span>
                <span className="cell num delta-word">{signedDuration(s.durationDeltaMs)}</span>
              </div>
            )
          }}
        />
      )}
    </>
  )
}
