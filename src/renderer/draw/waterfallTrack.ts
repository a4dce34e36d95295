// The waterfall as one track, after Perfetto's Track: one object owns the rows' geometry
// (waterfallGeometry.ts), their drawing, the caches the drawing keeps between frames, and
// hit-testing on that same geometry. TimelineView only wires it to the store, the scroller and
// the pointer. The rows' pixels are waterfallRows.ts, the axis and overview timelineDraw.ts.
import type { AppState } from '../state/types'
import { formatDuration } from '../lib/format'
import { openSpanCount, type SpanTable } from '../timeline/spanTable'
import { timeTicks } from '../timeline/ticks'
import { xToTime, type TimeWindow } from '../timeline/viewBounds'
import { collapsedExtents, rasterizeSpans, type Extents } from '../timeline/lod'
import type { OpenSpanView } from '../timeline/openSpans'
import { sessionPath } from '../timeline/pathWaits'
import { fitCanvas, readPalette, type Palette } from './palette'
import { agentSlotMap } from './agentPalette'
import { drawAxis, drawMinimap, MINIMAP_INSET, paintDensity } from './timelineDraw'
import { drawPathMarks } from './pathDraw'
import { drawWaterfall } from './waterfallRows'
import { barsWidth, hitsGlyph, LABEL_W, ROW_H, rowTop, spanAtY } from './waterfallGeometry'

/** height of the overview (minimap) canvas and of the time axis, in CSS pixels */
const MINI_H = 40
const AXIS_H = 22

/** What the track reads from the store each frame. */
export type TrackState = Pick<
  AppState,
  | 'table'
  | 'tree'
  | 'layout'
  | 'collapsed'
  | 'view'
  | 'bounds'
  | 'selectedSpanId'
  | 'searchHits'
  | 'agents'
  | 'chosenAgents'
  | 'showPath'
  | 'pathMessages'
>

export interface TrackCanvases {
  body: HTMLCanvasElement
  axis: HTMLCanvasElement
  mini: HTMLCanvasElement
}

export interface TrackFrame {
  width: number
  height: number
  scrollTop: number
  /** how spans without an end are drawn, now (timeline/openSpans.ts) */
  open: OpenSpanView
}

/** What a frame put on screen, for tests and the benchmark (the view writes it as attributes). */
export interface TrackFacts {
  /** steps of the critical path drawn, or null when it is not shown */
  pathSteps: number | null
  /** spans drawn as running (no end yet): a span ended in place must leave this count */
  openSpans: number
}

/** What the pointer is on: a span (table row), and whether on its collapse glyph. */
export interface TrackHit {
  span: number
  glyph: boolean
}

/** `f` remembering its last argument (by identity) and result: rebuilt only on a new value. */
function lastOf<A, R>(f: (a: A) => R, first: A, firstResult: R): (a: A) => R {
  let arg = first
  let result = firstResult
  return (a) => {
    if (a !== arg) {
      arg = a
      result = f(a)
    }
    return result
  }
}

function changed(prev: readonly unknown[], next: readonly unknown[]): boolean {
  return next.some((k, j) => k !== prev[j])
}

export class WaterfallTrack {
  private palette: Palette | null = null
  private density: HTMLCanvasElement | null = null
  private densityKey: unknown[] = []
  private headKey: unknown[] = []
  private hidden: ReadonlyMap<number, Extents> = new Map()
  private hiddenKey: unknown[] = []
  // the store hands out arrays; the drawing wants sets and maps, rebuilt when the array changes
  private slots = lastOf<readonly string[], ReadonlyMap<string, number>>(
    agentSlotMap,
    [],
    new Map(),
  )
  private chosen = lastOf<readonly string[], ReadonlySet<string>>((a) => new Set(a), [], new Set())
  private hits = lastOf<number[], ReadonlySet<number>>((a) => new Set(a), [], new Set())
  private openSpans = lastOf<SpanTable | null, number>((t) => (t ? openSpanCount(t) : 0), null, 0)

  /** Forgets every cache and re-reads the colours: a new set of canvases, or a new theme. */
  reset(): void {
    this.palette = readPalette()
    this.densityKey = []
    this.headKey = []
    this.hiddenKey = []
  }

  /** The theme flipped: colours re-read, the overview repainted in them. */
  themeChanged(): void {
    this.palette = readPalette()
    this.densityKey = []
  }

  /** Draws one frame on the three canvases. */
  render(canvases: TrackCanvases, s: TrackState, f: TrackFrame): TrackFacts {
    const palette = this.palette ?? (this.palette = readPalette())
    const { width, height, open } = f
    const ticks = timeTicks(s.view, s.bounds.start, barsWidth(width))
    // the overview only covers the laid-out spans, so it follows the layout, not every page
    // of a load (per page it was 2.4 s of a 1M-span load, bench/bigLoadProfile.ts)
    const key = [s.layout, s.bounds, width]
    if (changed(this.densityKey, key)) {
      this.densityKey = key
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
      this.density = paintDensity(grid, palette)
    }
    if (s.collapsed !== this.hiddenKey[0] || s.tree !== this.hiddenKey[1]) {
      this.hiddenKey = [s.collapsed, s.tree]
      const rows: number[] = []
      for (const id of s.collapsed) {
        const i = s.table.indexOf.get(id)
        if (i !== undefined && i < s.tree.count) rows.push(i)
      }
      this.hidden = collapsedExtents(
        s.table.start,
        s.table.end,
        s.tree.childStart,
        s.tree.childList,
        rows,
        open.end,
      )
    }
    const selected = s.selectedSpanId ? (s.table.indexOf.get(s.selectedSpanId) ?? -1) : -1
    const bctx = fitCanvas(canvases.body, width, height)
    if (bctx)
      drawWaterfall(bctx, {
        width,
        height,
        scrollTop: f.scrollTop,
        table: s.table,
        tree: s.tree,
        layout: s.layout,
        collapsed: s.collapsed,
        view: s.view,
        ticks,
        selected,
        hits: this.hits(s.searchHits),
        hidden: this.hidden,
        open,
        palette,
        agentSlots: this.slots(s.agents),
        chosen: this.chosen(s.chosenAgents),
      })
    let pathSteps: number | null = null
    if (s.showPath && bctx) {
      const path = sessionPath(s.table, s.tree, s.pathMessages, open.end)
      drawPathMarks(bctx, {
        width,
        height,
        scrollTop: f.scrollTop,
        layout: s.layout,
        view: s.view,
        path,
        palette,
      })
      pathSteps = path.path.count
    }
    // axis and overview change with the time window, not with vertical scrolling
    const headKey = [s.view, s.bounds, width, this.density, palette]
    if (changed(this.headKey, headKey)) {
      this.headKey = headKey
      const actx = fitCanvas(canvases.axis, width, AXIS_H)
      if (actx) drawAxis(actx, width, AXIS_H, ticks, palette)
      const mctx = fitCanvas(canvases.mini, width, MINI_H)
      if (mctx) drawMinimap(mctx, width, MINI_H, this.density, s.bounds, s.view, palette)
    }
    return { pathSteps, openSpans: this.openSpans(s.table) }
  }

  /** What is at `x` (from the track's left) and `contentY` (from the top of the rows), or null. */
  hit(s: Pick<TrackState, 'layout' | 'tree'>, x: number, contentY: number): TrackHit | null {
    const i = spanAtY(s.layout, contentY)
    if (i < 0) return null
    const hasKids = s.tree.childStart[i + 1] > s.tree.childStart[i]
    return { span: i, glyph: hitsGlyph(x, s.tree.depth[i], hasKids) }
  }

  /** The pointer's tooltip over span `i`: name, agent, duration (or why none), status. */
  tooltip(table: SpanTable, i: number, openState: OpenSpanView['state']): string {
    const end = table.end[i]
    const dur = Number.isNaN(end)
      ? openState === 'never-ended'
        ? 'never ended'
        : 'running'
      : formatDuration(end - table.start[i])
    const status = ['unset', 'ok', 'error'][table.status[i]]
    const agent = table.agentIds[i]
    return `${table.names[i]} · ${agent === null ? '' : `${agent} · `}${dur} · ${status}`
  }

  /** Height of the scrolled content holding `rows` rows (at least one pixel). */
  contentHeight(rows: number): number {
    return Math.max(rows * ROW_H, 1)
  }

  /** The scroll position that brings row `r` into a view `viewH` high, or null if it shows. */
  scrollToShow(r: number, scrollTop: number, viewH: number): number | null {
    const top = rowTop(r)
    if (top < scrollTop || top + ROW_H > scrollTop + viewH) return Math.max(0, top - viewH / 2)
    return null
  }

  /** `x` from the track's left as pixels into the bar area (negative over the labels). */
  barsX(x: number): number {
    return x - LABEL_W
  }

  /** Width of the bar area of a track `width` wide. */
  barsWidth(width: number): number {
    return barsWidth(width)
  }

  /** The time under `x` (from the overview's left) on an overview `width` wide. */
  overviewTime(x: number, width: number, bounds: TimeWindow): number {
    return xToTime(x - LABEL_W, bounds, barsWidth(width))
  }
}
