import { describe, expect, it } from 'vitest'
import {
  glyphX,
  hitsGlyph,
  INDENT,
  MAX_INDENT_DEPTH,
  ROW_H,
  rowTop,
  spanAtY,
} from '../../src/renderer/draw/waterfallGeometry'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { buildSpanTree } from '../../src/renderer/timeline/spanTree'
import { layoutRows } from '../../src/renderer/timeline/rowLayout'
import { span } from './helpers'

describe('waterfall geometry', () => {
  const t = appendSpans(emptyTable(4), [
    span('root', null, 0, 10),
    span('a', 'root', 1, 2),
    span('b', 'root', 3, 4),
  ])
  const layout = layoutRows(buildSpanTree(t), new Set(), t.ids)

  it('finds the span drawn at a height, and none above or below the rows', () => {
    expect(spanAtY(layout, rowTop(0))).toBe(t.indexOf.get('root'))
    expect(spanAtY(layout, rowTop(2) + ROW_H - 1)).toBe(t.indexOf.get('b'))
    expect(spanAtY(layout, rowTop(3))).toBe(-1)
    expect(spanAtY(layout, -1)).toBe(-1)
  })

  it('indents a level per depth up to the cap, and a click on the glyph hits it', () => {
    expect(glyphX(1) - glyphX(0)).toBe(INDENT)
    expect(glyphX(MAX_INDENT_DEPTH + 5)).toBe(glyphX(MAX_INDENT_DEPTH))
    expect(hitsGlyph(glyphX(2) + 5, 2, true)).toBe(true)
    expect(hitsGlyph(glyphX(2) + 5, 2, false)).toBe(false)
    // the name, right of the glyph, selects instead
    expect(hitsGlyph(glyphX(2) + 30, 2, true)).toBe(false)
    expect(hitsGlyph(glyphX(3) + 5, 2, true)).toBe(false)
  })
})
