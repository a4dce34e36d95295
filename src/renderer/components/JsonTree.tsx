// Pretty, folded JSON: branches open on click, so a 5 MB payload costs nothing until the
// user opens it; long strings show their first 200 characters until asked for all.
import { useState } from 'react'
import { entry, jsonEntries, type JsonEntry } from '../lib/jsonView'

export function JsonTree({ value, openDepth = 1 }: { value: unknown; openDepth?: number }) {
  const root = entry('', value)
  if (root.type !== 'object' && root.type !== 'array') return <Leaf e={root} />
  return (
    <ul className="json" style={{ paddingLeft: 0 }}>
      {jsonEntries(root.value).map((e) => (
        <Node key={e.key} e={e} depth={1} openDepth={openDepth} />
      ))}
    </ul>
  )
}

function Node({ e, depth, openDepth }: { e: JsonEntry; depth: number; openDepth: number }) {
  const branch = e.type === 'object' || e.type === 'array'
  const [open, setOpen] = useState(branch && depth < openDepth)
  return (
    <li>
      {branch ? (
        <button
          type="button"
          className="link toggle"
          onClick={() => setOpen(!open)}
          aria-expanded={open}
        >
          {open ? '▾' : '▸'} <span className="k">{e.key}</span>:{' '}
          <span className="muted">{e.summary}</span>
        </button>
      ) : (
        <>
          <span className="k">{e.key}</span>: <Leaf e={e} />
        </>
      )}
      {branch && open && (
        <ul>
          {jsonEntries(e.value).map((c) => (
            <Node key={c.key} e={c} depth={depth + 1} openDepth={openDepth} />
          ))}
        </ul>
      )}
    </li>
  )
}

function Leaf({ e }: { e: JsonEntry }) {
  const [all, setAll] = useState(false)
  const cls =
    e.type === 'string' ? 's' : e.type === 'number' || e.type === 'boolean' ? 'n' : 'muted'
  if (e.truncated && !all)
    return (
      <span className={cls}>
        {e.summary}{' '}
        <button type="button" className="link" onClick={() => setAll(true)}>
          show all ({String(e.value).length.toLocaleString()} chars)
        </button>
      </span>
    )
  return (
    <span className={cls}>{e.type === 'string' && all ? JSON.stringify(e.value) : e.summary}</span>
  )
}
