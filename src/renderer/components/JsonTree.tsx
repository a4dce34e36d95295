// Pretty, folded JSON: branches open on click, so a 5 MB payload costs nothing until the
// user opens it; long strings show their first 200 characters until asked for all. With
// `highlight`, the branches holding a find's terms open and the terms are marked.
import { useState } from 'react'
import { entry, jsonEntries, type JsonEntry } from '../lib/jsonView'
import { jsonContains } from '../lib/sessionFind'
import { containsTerm } from '../lib/textMarks'
import { Marked } from './Marked'

type Terms = ReadonlyArray<string>
const NONE: Terms = []

export function JsonTree({
  value,
  openDepth = 1,
  highlight = NONE,
}: {
  value: unknown
  openDepth?: number
  highlight?: Terms
}) {
  const root = entry('', value)
  if (root.type !== 'object' && root.type !== 'array') return <Leaf e={root} terms={highlight} />
  return (
    <ul className="json" style={{ paddingLeft: 0 }}>
      {jsonEntries(root.value).map((e) => (
        <Node key={e.key} e={e} depth={1} openDepth={openDepth} terms={highlight} />
      ))}
    </ul>
  )
}

function Node({
  e,
  depth,
  openDepth,
  terms,
}: {
  e: JsonEntry
  depth: number
  openDepth: number
  terms: Terms
}) {
  const branch = e.type === 'object' || e.type === 'array'
  const holdsMatch =
    terms.length > 0 && (containsTerm(e.key, terms) || jsonContains(e.value, terms))
  const [open, setOpen] = useState(branch && (depth < openDepth || holdsMatch))
  return (
    <li
      data-testid={holdsMatch ? 'json-match' : undefined}
      data-path={holdsMatch ? e.key : undefined}
    >
      {branch ? (
        <button
          type="button"
          className="link toggle"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
        >
          {open ? '▾' : '▸'}{' '}
          <span className="k">
            <Marked text={e.key} terms={terms} />
          </span>
          : <span className="muted">{e.summary}</span>
        </button>
      ) : (
        <>
          <span className="k">
            <Marked text={e.key} terms={terms} />
          </span>
          : <Leaf e={e} terms={terms} />
        </>
      )}
      {branch && open && (
        <ul>
          {jsonEntries(e.value).map((c) => (
            <Node key={c.key} e={c} depth={depth + 1} openDepth={openDepth} terms={terms} />
          ))}
        </ul>
      )}
    </li>
  )
}

function Leaf({ e, terms }: { e: JsonEntry; terms: Terms }) {
  // a match past the first 200 characters shows the whole string at once
  const [all, setAll] = useState(
    e.truncated && e.type === 'string' && containsTerm(String(e.value), terms),
  )
  const cls =
    e.type === 'string' ? 's' : e.type === 'number' || e.type === 'boolean' ? 'n' : 'muted'
  if (e.truncated && !all)
    return (
      <span className={cls}>
        <Marked text={e.summary} terms={terms} />{' '}
        <button type="button" className="link" onClick={() => setAll(true)}>
          show all ({String(e.value).length.toLocaleString()} chars)
        </button>
      </span>
    )
  return (
    <span className={cls}>
      <Marked
        text={e.type === 'string' && all ? JSON.stringify(e.value) : e.summary}
        terms={terms}
      />
    </span>
  )
}
