// The waterfall's row geometry, in one place for the drawing and for finding what the pointer
// is on (both in waterfallTrack.ts): the two used to repeat the indent constants, and a change
// to one would have made clicks miss the glyphs the other drew.
import type { RowLayout } from '../timeline/rowLayout'

/** height of a row, in CSS pixels */
export const ROW_H = 22
/** width of the label column left of the bars */
export const LABEL_W = 300
/**
 * Blank room right of the bars: the view's end maps here, not onto the canvas' last pixel, so
 * the bar of the span that ends last is seen whole (flush with the edge it read as cut off).
 */
export const BARS_RIGHT_PAD = 16
/** indent per tree level, up to MAX_INDENT_DEPTH levels */
export const INDENT = 12
export const MAX_INDENT_DEPTH = 16
/** how far either side of its glyph's left edge a click still toggles a span */
const GLYPH_HIT_BEFORE = 4
const GLYPH_HIT_AFTER = 14

/** Left edge of the collapse glyph of a row at `depth`; the name starts 14 px later. */
export function glyphX(depth: number): number {
  return 6 + Math.min(depth, MAX_INDENT_DEPTH) * INDENT
}

/** Top of screen row `r` in the scrolled content. */
export function rowTop(r: number): number {
  return r * ROW_H
}

/** The span (table row) drawn at `contentY` (pixels from the top of the content), or -1. */
export function spanAtY(layout: RowLayout, contentY: number): number {
  const r = Math.floor(contentY / ROW_H)
  return r >= 0 && r < layout.rows.length ? layout.rows[r] : -1
}

/** Whether a click at `x` (from the label column's left) lands on the row's collapse glyph. */
export function hitsGlyph(x: number, depth: number, hasChildren: boolean): boolean {
  const g = glyphX(depth)
  return hasChildren && x >= g - GLYPH_HIT_BEFORE && x <= g + GLYPH_HIT_AFTER
}

/** Width of the bar area of a waterfall `width` wide: the view's start..end maps onto it. */
export function barsWidth(width: number): number {
  return Math.max(1, width - LABEL_W - BARS_RIGHT_PAD)
}
