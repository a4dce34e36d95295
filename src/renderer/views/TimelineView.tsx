// The waterfall: a canvas above a spacer that gives the scroll bar its real height. React
// renders the frame once; the track (draw/waterfallTrack.ts) redraws in requestAnimationFrame
// when the store, the scroll position or the size changes, and says what the pointer is on.
import { useEffect, useRef, useState } from 'react'
import { useAppStore } from '../state/store'
import { onThemeChange } from '../draw/palette'
import { WaterfallTrack } from '../draw/waterfallTrack'
import { panByPixels } from '../timeline/viewBounds'
import { bottomScrollTop, isAtBottom, jumpToLive, onUserScroll } from '../lib/follow'
import { recordFrame } from './frameStats'
import { openSpanView, type OpenSpanView } from '../timeline/openSpans'
import { LanesView } from './LanesView'
import { CriticalPathList } from './CriticalPathList'
import { useSessionLive } from '../lib/useSessionLive'

/** the open-span rule for the session on screen, now */
function openNow(): OpenSpanView {
  const s = useAppStore.getState()
  return openSpanView(s.session, Date.now(), s.appInfo?.quietMs)
}

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
  const [track] = useState(() => new WaterfallTrack())

  // drawing loop: the track draws, the view says what is on screen as attributes (for tests
  // and the benchmark, no React render)
  useEffect(() => {
    const el = scroller.current
    const body = bodyCanvas.current
    const axis = axisCanvas.current
    const mini = miniCanvas.current
    if (!el || !body || !axis || !mini) return
    track.reset()
    let frame = 0
    const draw = (): void => {
      frame = 0
      const t0 = performance.now()
      const s = useAppStore.getState()
      const open = openNow()
      const facts = track.render({ body, axis, mini }, s, {
        width: el.clientWidth,
        height: el.clientHeight,
        scrollTop: el.scrollTop,
        open,
      })
      if (facts.pathSteps === null) delete el.dataset.pathSteps
      else el.dataset.pathSteps = String(facts.pathSteps)
      el.dataset.viewStart = String(s.view.start)
      el.dataset.viewEnd = String(s.view.end)
      el.dataset.rows = String(s.layout.rows.length)
      // how spans without an end are drawn: 'running' (reaching data-open-end, now) or 'never-ended'
      el.dataset.openState = open.state
      el.dataset.openEnd = String(open.end)
      const openSpans = String(facts.openSpans)
      if (el.dataset.openSpans !== openSpans) el.dataset.openSpans = openSpans
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
      track.themeChanged()
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
  }, [track])

  // zoom with ctrl/⌘+wheel around the cursor, pan with shift+wheel or a sideways swipe
  useEffect(() => {
    const el = scroller.current
    if (!el) return
    const onWheel = (e: WheelEvent): void => {
      const rect = el.getBoundingClientRect()
      const x = track.barsX(e.clientX - rect.left)
      const barsW = track.barsWidth(el.clientWidth)
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
  }, [track])

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
    const top = track.scrollToShow(r, el.scrollTop, el.clientHeight)
    if (top !== null) el.scrollTop = top
  }, [selectedSpanId, track])

  /** what the pointer is on, from the track */
  const hitAt = (e: React.MouseEvent) => {
    const el = scroller.current!
    const rect = el.getBoundingClientRect()
    return track.hit(
      useAppStore.getState(),
      e.clientX - rect.left,
      e.clientY - rect.top + el.scrollTop,
    )
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
        s.setView(panByPixels(s.view, s.bounds, dx, track.barsWidth(el.clientWidth)))
      }
      return
    }
    const hit = hitAt(e)
    if (!hit) return setTip(null)
    const text = track.tooltip(useAppStore.getState().table, hit.span, openNow().state)
    setTip({ x: e.clientX + 14, y: e.clientY + 14, text })
  }
  const onMouseUp = (e: React.MouseEvent): void => {
    const d = drag.current
    drag.current = null
    if (d?.moved) return
    const hit = hitAt(e)
    if (!hit) return
    const s = useAppStore.getState()
    if (hit.glyph) s.toggleCollapsed(s.table.ids[hit.span])
    else s.selectSpan(s.table.ids[hit.span])
  }

  const onMini = (e: React.MouseEvent): void => {
    if (e.type === 'mousemove' && e.buttons !== 1) return
    const el = miniCanvas.current!
    const s = useAppStore.getState()
    const t = track.overviewTime(
      e.clientX - el.getBoundingClientRect().left,
      el.clientWidth,
      s.bounds,
    )
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
        <div style={{ height: track.contentHeight(rowCount), position: 'relative' }}>
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
