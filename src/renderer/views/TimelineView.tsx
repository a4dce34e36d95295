// The waterfall: a canvas that draws only the rows and times in view, above a spacer that
// gives the scroll bar its real height. React renders the frame once; redraws happen in
// requestAnimationFrame when the store, the scroll position or the size changes.
import { useEffect, useRef, useState } from 'react'
import { useAppStore } from '../state/store'
import {
  drawAxis,
  drawMinimap,
  drawWaterfall,
  LABEL_W,
  MINIMAP_INSET,
  paintDensity,
  ROW_H,
} from '../draw/timelineDraw'
import { fitCanvas, onThemeChange, readPalette, type Palette } from '../draw/palette'
import { timeTicks } from '../timeline/ticks'
import { collapsedExtents, rasterizeSpans, type Extents } from '../timeline/lod'
import { panByPixels, xToTime } from '../timeline/viewBounds'
import { bottomScrollTop, isAtBottom, jumpToLive, onUserScroll } from '../lib/follow'
import { formatDuration } from '../lib/format'
import { recordFrame } from './frameStats'
import { barsWidth, hitsGlyph, rowTop, spanAtY } from '../draw/waterfallTrack'
import { openSpanCount, type SpanTable } from '../timeline/spanTable'
import { openSpanView, type OpenSpanView } from '../timeline/openSpans'

/** the open-span rule for the session on screen, now */
function openNow(): OpenSpanView {
  const s = useAppStore.getState()
  return openSpanView(s.session, Date.now(), s.appInfo?.quietMs)
}
import { chosenSet, hitSet, slotsOf } from '../draw/drawInputs'
import { LanesView } from './LanesView'
import { drawPathMarks } from '../draw/pathDraw'
import { sessionPath } from '../timeline/pathWaits'
import { CriticalPathList } from './CriticalPathList'
import { useSessionLive } from '../lib/useSessionLive'

const MINI_H = 40
const AXIS_H = 22

/** The Timeline tab: the span waterfall, or one lane per agent. */
export function TimelineView() {
  const lanes = useAppStore((s) => s.timelineMode === 'lanes')
  return lanes ? <LanesView /> : <WaterfallView />
}

function WaterfallView() {
  const scroller = useRef<HTMLDivElement | null>(null)
  const bodyCanvas = useRef<HTMLCanvasElement | null>(null)
  const axisCanvas = useRef<HTMLCanvasElement | null>(null)
  const miniCanvas = useRef<HTMLCanvasElement | null>(null)
  const rowCount = useAppStore((s) => s.layout.rows.length)
  const follow = useAppStore((s) => s.follow)
  const live = useSessionLive(useAppStore((s) => s.session))
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null)

  // drawing loop
  useEffect(() => {
    const el = scroller.current
    const body = bodyCanvas.current
    const axis = axisCanvas.current
    const mini = miniCanvas.current
    if (!el || !body || !axis || !mini) return
    let palette: Palette = readPalette()
    let frame = 0
    let density: HTMLCanvasElement | null = null
    let densityKey: unknown[] = []
    let lastTable: SpanTable | null = null
    let lastHead: unknown[] = []
    let hidden: ReadonlyMap<number, Extents> = new Map()
    let hiddenKey: unknown[] = []
    const draw = (): void => {
      frame = 0
      const t0 = performance.now()
      const s = useAppStore.getState()
      const width = el.clientWidth
      const height = el.clientHeight
      const open = openNow()
      const ticks = timeTicks(s.view, s.bounds.start, barsWidth(width))
      // the overview only covers the laid-out spans, so it follows the layout, not every page
      // of a load (per page it was 2.4 s of a 1M-span load, bench/bigLoadProfile.ts)
      const key = [s.layout, s.bounds, width]
      if (key.some((k, j) => k !== densityKey[j])) {
        densityKey = key
        const grid = rasterizeSpans(
          s.table.start,
          s.table.end,
          s.table.status,
          s.layout.rowOf,
          Math.min(s.table.count, s.layout.rowOf.length),
          s.layout.rows.length,
          s.bounds,
          Math.min(1024, barsWidth(width)),
          MINI_H - 2 * MINIMAP_INSET,
          open.end,
        )
        density = paintDensity(grid, palette)
      }
      if (s.collapsed !== hiddenKey[0] || s.tree !== hiddenKey[1]) {
        hiddenKey = [s.collapsed, s.tree]
        const rows: number[] = []
        for (const id of s.collapsed) {
          const i = s.table.indexOf.get(id)
          if (i !== undefined && i < s.tree.count) rows.push(i)
        }
        hidden = collapsedExtents(
          s.table.start,
          s.table.end,
          s.tree.childStart,
          s.tree.childList,
          rows,
          open.end,
        )
      }
      const selected = s.selectedSpanId ? (s.table.indexOf.get(s.selectedSpanId) ?? -1) : -1
      const bctx = fitCanvas(body, width, height)
      if (bctx)
        drawWaterfall(bctx, {
          width,
          height,
          scrollTop: el.scrollTop,
          table: s.table,
          tree: s.tree,
          layout: s.layout,
          collapsed: s.collapsed,
          view: s.view,
          ticks,
          selected,
          hits: hitSet(s.searchHits),
          hidden,
          open,
          palette,
          agentSlots: slotsOf(s.agents),
          chosen: chosenSet(s.chosenAgents),
        })
      if (s.showPath && bctx) {
        const path = sessionPath(s.table, s.tree, s.pathMessages, open.end)
        drawPathMarks(bctx, {
          width,
          height,
          scrollTop: el.scrollTop,
          layout: s.layout,
          view: s.view,
          path,
          palette,
        })
        el.dataset.pathSteps = String(path.path.count)
      } else delete el.dataset.pathSteps
      // axis and overview change with the time window, not with vertical scrolling
      const headKey = [s.view, s.bounds, width, density, palette]
      if (headKey.some((k, j) => k !== lastHead[j])) {
        lastHead = headKey
        const actx = fitCanvas(axis, width, AXIS_H)
        if (actx) drawAxis(actx, width, AXIS_H, ticks, palette)
        const mctx = fitCanvas(mini, width, MINI_H)
        if (mctx) drawMinimap(mctx, width, MINI_H, density, s.bounds, s.view, palette)
      }
      // what is on screen, for tests and the benchmark (attributes, no React render)
      el.dataset.viewStart = String(s.view.start)
      el.dataset.viewEnd = String(s.view.end)
      el.dataset.rows = String(s.layout.rows.length)
      // how spans without an end are drawn: 'running' (reaching data-open-end, now) or 'never-ended'
      el.dataset.openState = open.state
      el.dataset.openEnd = String(open.end)
      if (s.table !== lastTable) {
        // spans drawn as running (no end yet): a span ended in place must leave this count
        lastTable = s.table
        el.dataset.openSpans = String(openSpanCount(s.table))
      }
      recordFrame(performance.now() - t0)
    }
    const schedule = (): void => {
      if (!frame) frame = requestAnimationFrame(draw)
    }
    const unsub = useAppStore.subscribe(schedule)
    el.addEventListener('scroll', schedule, { passive: true })
    const ro = new ResizeObserver(schedule)
    ro.observe(el)
    const offTheme = onThemeChange((): void => {
      palette = readPalette()
      densityKey = []
      schedule()
    })
    schedule()
    return () => {
      unsub()
      el.removeEventListener('scroll', schedule)
      ro.disconnect()
      offTheme()
      if (frame) cancelAnimationFrame(frame)
    }
  }, [])

  // zoom with ctrl/⌘+wheel around the cursor, pan with shift+wheel or a sideways swipe
  useEffect(() => {
    const el = scroller.current
    if (!el) return
    const onWheel = (e: WheelEvent): void => {
      const rect = el.getBoundingClientRect()
      const x = e.clientX - rect.left - LABEL_W
      const barsW = barsWidth(el.clientWidth)
      if (e.ctrlKey || e.metaKey) {
        e.preventDefault()
        useAppStore.getState().zoom(Math.exp(e.deltaY * 0.002), x / barsW)
      } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
        e.preventDefault()
        const s = useAppStore.getState()
        s.setView(panByPixels(s.view, s.bounds, -(e.shiftKey ? e.deltaY : e.deltaX), barsW))
      }
    }
    el.addEventListener('wheel', onWheel, { passive: false })
    return () => el.removeEventListener('wheel', onWheel)
  }, [])

  // live tail: keep the newest span in view while following
  const tableCount = useAppStore((s) => s.table.count)
  useEffect(() => {
    const el = scroller.current
    if (!el || !follow.following || !live) return
    const toBottom = (): void => {
      el.scrollTop = bottomScrollTop(el.clientHeight, el.scrollHeight)
    }
    toBottom()
    // a resized window keeps the newest rows in view too
    const ro = new ResizeObserver(toBottom)
    ro.observe(el)
    return () => ro.disconnect()
  }, [tableCount, rowCount, follow.following, live])

  // keep the selected row on screen (j / k, search-and-jump)
  const selectedSpanId = useAppStore((s) => s.selectedSpanId)
  useEffect(() => {
    const el = scroller.current
    const s = useAppStore.getState()
    if (!el || !selectedSpanId) return
    const i = s.table.indexOf.get(selectedSpanId)
    const r = i === undefined ? -1 : s.layout.rowOf[i]
    if (r < 0) return
    const top = rowTop(r)
    if (top < el.scrollTop || top + ROW_H > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 2)
    }
  }, [selectedSpanId])

  const rowAt = (clientY: number): number => {
    const el = scroller.current!
    const y = clientY - el.getBoundingClientRect().top + el.scrollTop
    return spanAtY(useAppStore.getState().layout, y)
  }

  const drag = useRef<{ x: number; moved: boolean } | null>(null)
  const onMouseDown = (e: React.MouseEvent): void => {
    drag.current = { x: e.clientX, moved: false }
  }
  const onMouseMove = (e: React.MouseEvent): void => {
    const el = scroller.current!
    const d = drag.current
    if (d && e.buttons === 1) {
      const dx = e.clientX - d.x
      if (Math.abs(dx) > 3 || d.moved) {
        d.moved = true
        d.x = e.clientX
        const s = useAppStore.getState()
        s.setView(panByPixels(s.view, s.bounds, dx, barsWidth(el.clientWidth)))
      }
      return
    }
    const i = rowAt(e.clientY)
    const s = useAppStore.getState()
    if (i < 0) return setTip(null)
    const end = s.table.end[i]
    const dur = Number.isNaN(end)
      ? openNow().state === 'never-ended'
        ? 'never ended'
        : 'running'
      : formatDuration(end - s.table.start[i])
    const status = ['unset', 'ok', 'error'][s.table.status[i]]
    const agent = s.table.agentIds[i]
    setTip({
      x: e.clientX + 14,
      y: e.clientY + 14,
      text: `${s.table.names[i]} · ${agent === null ? '' : `${agent} · `}${dur} · ${status}`,
    })
  }
  const onMouseUp = (e: React.MouseEvent): void => {
    const d = drag.current
    drag.current = null
    if (d?.moved) return
    const i = rowAt(e.clientY)
    const s = useAppStore.getState()
    if (i < 0) return
    const rect = scroller.current!.getBoundingClientRect()
    const x = e.clientX - rect.left
    const hasKids = s.tree.childStart[i + 1] > s.tree.childStart[i]
    if (hitsGlyph(x, s.tree.depth[i], hasKids)) s.toggleCollapsed(s.table.ids[i])
    else s.selectSpan(s.table.ids[i])
  }

  const onMini = (e: React.MouseEvent): void => {
    if (e.type === 'mousemove' && e.buttons !== 1) return
    const el = miniCanvas.current!
    const x = e.clientX - el.getBoundingClientRect().left - LABEL_W
    const s = useAppStore.getState()
    const t = xToTime(x, s.bounds, barsWidth(el.clientWidth))
    const w = s.view.end - s.view.start
    s.setView({ start: t - w / 2, end: t + w / 2 })
  }

  return (
    <div className="timeline" data-testid="timeline">
      <canvas
        ref={miniCanvas}
        className="tl-minimap"
        onMouseDown={onMini}
        onMouseMove={onMini}
        data-testid="minimap"
      />
      <canvas ref={axisCanvas} className="tl-axis" />
      <div
        ref={scroller}
        className="tl-scroller"
        data-testid="timeline-scroller"
        // a tab stop: with the focus here the arrows (j / k) move between spans
        tabIndex={0}
        role="region"
        aria-label="Timeline"
        data-span-view=""
        onScroll={(e) => {
          // following is where the scroll position is: at the bottom (auto-scroll lands
          // there) keeps following, anywhere else (the user, a jump to a span) pauses it
          const el = e.currentTarget
          const s = useAppStore.getState()
          const next = onUserScroll(
            s.follow,
            isAtBottom(el.scrollTop, el.clientHeight, el.scrollHeight),
          )
          if (next !== s.follow) s.setFollow(next)
        }}
        onMouseDown={onMouseDown}
        onMouseMove={onMouseMove}
        onMouseUp={onMouseUp}
        onMouseLeave={() => setTip(null)}
      >
        <div style={{ height: Math.max(rowCount * ROW_H, 1), position: 'relative' }}>
          <canvas
            ref={bodyCanvas}
            data-testid="timeline-canvas"
            role="img"
            aria-label={`Waterfall of ${rowCount.toLocaleString()} spans; use j and k to move, Enter to open, the Tree tab for a list`}
          />
        </div>
      </div>
      {live && !follow.following && (
        <button
          className="primary tl-live"
          data-testid="jump-to-live"
          onClick={() => useAppStore.getState().setFollow(jumpToLive())}
        >
          Jump to live{follow.unseen > 0 ? ` (${follow.unseen} new)` : ''}
        </button>
      )}
      <CriticalPathList />
      <SelectedSpanStatus />
      {tip && (
        <div className="tl-tip" style={{ left: tip.x, top: tip.y }}>
          {tip.text}
        </div>
      )}
    </div>
  )
}

/** Says which span the arrows landed on, for screen readers (the canvas cannot). */
function SelectedSpanStatus() {
  const text = useAppStore((s) => {
    const i = s.selectedSpanId ? s.table.indexOf.get(s.selectedSpanId) : undefined
    if (i === undefined) return ''
    const status = ['', '', ', failed'][s.table.status[i]]
    return `${s.table.names[i]}${status}`
  })
  const open = useAppStore((s) => {
    const i = s.selectedSpanId ? s.table.indexOf.get(s.selectedSpanId) : undefined
    return i !== undefined && Number.isNaN(s.table.end[i])
  })
  // the clock the timeline moves running spans on: re-read whether they still run
  useAppStore((s) => s.bounds.end)
  const openText = !open ? '' : openNow().state === 'running' ? ', running' : ', never ended'
  return (
    <div className="sr-only" aria-live="polite" data-testid="timeline-announce">
      {text}
      {text && openText}
    </div>
  )
}
