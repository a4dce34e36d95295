// The Logs tab's list of lines: virtualized like VirtualList, but its rows are a pool of DOM
// nodes filled in place on scroll, outside React. Scrolling a 200,000-line list otherwise costs
// a React render of every row in view per frame (bench:logs); here a frame sets the text of the
// rows that came into view and nothing else. Every field is set as text, never as HTML.
import { useEffect, useLayoutEffect, useRef, type HTMLAttributes } from 'react'
import type { TraceEvent } from '../../shared/domain'
import { visibleRowRange } from '../timeline/rowLayout'
import { cutMiddle, formatTime } from '../lib/format'
import { levelTone } from '../lib/logLines'
import { formatRoute } from '../lib/route'

export const ROW_H = 26
/** the widest agent column, in characters; longer ids are cut in the middle */
export const AGENT_MAX_CH = 28
const OVERSCAN = 6

interface Props {
  count: number
  /**
   * the line at an index; a new function when the lines change. Not the array itself: React's
   * development build compares a changed prop's items, which for 200,000 lines took seconds.
   */
  lineAt: (index: number) => TraceEvent
  /** the line j / k moved to, -1 for none: outlined and kept in view */
  cursor: number
  onPick: (index: number) => void
  spanName: (spanId: string | null) => string | null
  sessionId: string
  /** lines of another day: the time column carries the date */
  dated: boolean
  onScroll: (el: HTMLDivElement) => void
  scrollRef: (el: HTMLDivElement | null) => void
  listProps: HTMLAttributes<HTMLDivElement>
}

/** one pooled row and the cells it fills */
interface Row {
  el: HTMLDivElement
  time: HTMLSpanElement
  levelCell: HTMLSpanElement
  level: HTMLSpanElement
  agent: HTMLSpanElement
  message: HTMLSpanElement
  name: HTMLElement
  text: Text
  spanCell: HTMLSpanElement
  link: HTMLAnchorElement
  /** the line index shown, and the line, so an unchanged row is left alone */
  index: number
  line: TraceEvent | null
}

function span(cls: string): HTMLSpanElement {
  const s = document.createElement('span')
  s.className = cls
  return s
}

function makeRow(): Row {
  const el = document.createElement('div')
  el.setAttribute('role', 'listitem')
  el.dataset.testid = 'logs-line'
  el.style.height = `${ROW_H}px`
  const time = span('cell log-time')
  const levelCell = span('cell log-level')
  const level = span('level')
  const agent = span('cell log-agent')
  const message = span('cell log-message')
  const name = document.createElement('b')
  const text = document.createTextNode('')
  message.append(name, text)
  const spanCell = span('cell log-span')
  const link = document.createElement('a')
  link.dataset.testid = 'logs-span-link'
  el.append(time, levelCell, agent, message, spanCell)
  return {
    el,
    time,
    levelCell,
    level,
    agent,
    message,
    name,
    text,
    spanCell,
    link,
    index: -1,
    line: null,
  }
}

export function LogList(props: Props) {
  const { count, lineAt, cursor, listProps } = props
  const outer = useRef<HTMLDivElement | null>(null)
  const inner = useRef<HTMLDivElement | null>(null)
  /** the rows in the DOM, in line order, and rows not in use */
  const shownRows = useRef<Row[]>([])
  const pool = useRef<Row[]>([])
  // the scroll listener reads the latest props without re-subscribing
  const latest = useRef(props)
  latest.current = props

  /** fills the rows in view; `all` refills rows whose line may render differently now */
  const paint = (all: boolean): void => {
    const el = outer.current
    const box = inner.current
    if (!el || !box) return
    const p = latest.current
    const n = p.count
    const { first, last } = visibleRowRange(el.scrollTop, el.clientHeight, ROW_H, n, OVERSCAN)
    // rows showing a line still in view keep it; the others are reused for the lines that came
    // into view. The DOM keeps the lines' order, which screen readers and copying follow.
    const kept = new Map<number, Row>()
    const spare = pool.current
    for (const r of shownRows.current) {
      if (r.index >= first && r.index <= last) kept.set(r.index, r)
      else spare.push(r)
    }
    const next: Row[] = []
    for (let i = first; i <= last; i++) {
      const r = kept.get(i) ?? spare.pop() ?? makeRow()
      const line = p.lineAt(i)
      if (all || r.index !== i || r.line !== line) fill(r, i, line, p)
      const selected = i === p.cursor
      if (r.el.classList.contains('selected') !== selected) {
        r.el.classList.toggle('selected', selected)
        if (selected) r.el.setAttribute('aria-current', 'true')
        else r.el.removeAttribute('aria-current')
      }
      next.push(r)
    }
    for (const r of spare) {
      r.el.remove()
      r.index = -1
    }
    // the kept rows are one run, in order, in place: the new ones go before and after it
    const at = next.findIndex((r) => kept.get(r.index) === r)
    if (at < 0) box.replaceChildren(...next.map((r) => r.el))
    else {
      const anchor = next[at].el
      for (let j = 0; j < at; j++) box.insertBefore(next[j].el, anchor)
      for (let j = at + kept.size; j < next.length; j++) box.append(next[j].el)
    }
    shownRows.current = next
  }

  useLayoutEffect(() => {
    const el = outer.current
    if (!el) return
    const onScroll = (): void => {
      // the view's handler reads the scroll geometry first, while layout is clean: after the
      // rows are filled that read would force a layout of the list (4 ms a frame, measured)
      latest.current.onScroll(el)
      paint(false)
    }
    const ro = new ResizeObserver(() => paint(false))
    ro.observe(el)
    el.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      ro.disconnect()
      el.removeEventListener('scroll', onScroll)
    }
  }, [])

  // new lines, date format or span names: every row in view is filled again
  useLayoutEffect(() => paint(true), [lineAt, count, props.dated, props.spanName, props.sessionId])
  useLayoutEffect(() => paint(false), [cursor])

  // keep the cursor's line in view (keyboard j / k)
  useEffect(() => {
    const el = outer.current
    if (!el || cursor < 0) return
    const top = cursor * ROW_H
    if (top < el.scrollTop) el.scrollTop = top
    else if (top + ROW_H > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_H - el.clientHeight
  }, [cursor])

  return (
    <div
      {...listProps}
      className="vlist"
      data-testid="logs-list"
      ref={(el) => {
        outer.current = el
        props.scrollRef(el)
      }}
      onClick={(e) => {
        const row = (e.target as Element).closest<HTMLElement>('[data-index]')
        if (row) latest.current.onPick(Number(row.dataset.index))
      }}
    >
      <div
        className="vlist-inner"
        role="presentation"
        ref={inner}
        style={{ height: count * ROW_H }}
      />
    </div>
  )
}

function fill(r: Row, i: number, l: TraceEvent, p: Props): void {
  r.index = i
  r.line = l
  const el = r.el
  el.id = `log-line-${i}`
  el.dataset.index = String(i)
  el.style.top = `${i * ROW_H}px`
  // only the rows in view exist: where this one is in the whole list
  el.setAttribute('aria-posinset', String(i + 1))
  el.setAttribute('aria-setsize', String(p.count))
  const tone = levelTone(l.level)
  el.className = 'vrow log-row'
  el.removeAttribute('aria-current')
  el.dataset.level = tone ?? ''
  r.time.className = p.dated ? 'cell log-time dated' : 'cell log-time'
  r.time.textContent = formatTime(l.time)
  if (tone) {
    r.level.className = `level level-${tone}`
    r.level.textContent = l.level
    if (!r.level.isConnected) r.levelCell.append(r.level)
  } else r.level.remove()
  r.agent.textContent = l.agentId === null ? '' : cutMiddle(l.agentId, AGENT_MAX_CH)
  if (l.agentId === null) r.agent.removeAttribute('title')
  else r.agent.title = l.agentId
  r.message.title = l.message ?? l.name
  if (l.message === null) {
    r.name.textContent = l.name
    r.text.data = ''
  } else {
    r.name.textContent = l.name !== 'log' ? `${l.name} ` : ''
    r.text.data = l.message
  }
  const name = p.spanName(l.spanId)
  if (name !== null && l.spanId !== null) {
    r.link.href = formatRoute({
      view: 'session',
      sessionId: p.sessionId,
      tab: 'timeline',
      spanId: l.spanId,
    })
    r.link.title = `Show span ${name} on the timeline`
    r.link.textContent = name
    if (!r.link.isConnected) r.spanCell.append(r.link)
  } else r.link.remove()
}
