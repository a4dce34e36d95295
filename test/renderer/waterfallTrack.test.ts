// The track's hit-testing and pointer answers, on a real span table and layout: a click lands
// on the span drawn at its height, on its collapse glyph only where the glyph is drawn.
import { describe, expect, it } from 'vitest'
import { WaterfallTrack } from '../../src/renderer/draw/waterfallTrack'
import { glyphX, ROW_H, rowTop } from '../../src/renderer/draw/waterfallGeometry'
import { appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { buildSpanTree } from '../../src/renderer/timeline/spanTree'
import { layoutRows } from '../../src/renderer/timeline/rowLayout'
import { span } from './helpers'

describe('WaterfallTrack', () => {
  const table = appendSpans(emptyTable(4), [
    span('root', null, 0, 10_000, { agentId: 'planner' }),
    span('a', 'root', 1_000, 2_500, { status: 'error' }),
    span('b', 'root', 3_000, null),
  ])
  const tree = buildSpanTree(table)
  const layout = layoutRows(tree, new Set(), table.ids)
  const track = new WaterfallTrack()
  const root = table.indexOf.get('root')!
  const a = table.indexOf.get('a')!

  it('hits the glyph of a span with children, the row elsewhere, nothing past the rows', () => {
    expect(track.hit({ layout, tree }, glyphX(0) + 2, rowTop(0) + 5)).toEqual({
      span: root,
      glyph: true,
    })
    expect(track.hit({ layout, tree }, 200, rowTop(0) + 5)).toEqual({ span: root, glyph: false })
    // a leaf has no glyph: a click where one would be selects it
    expect(track.hit({ layout, tree }, glyphX(1) + 2, rowTop(1) + 5)).toEqual({
      span: a,
      glyph: false,
    })
    expect(track.hit({ layout, tree }, 200, rowTop(3))).toBeNull()
  })

  it('tells a span by name, agent, duration or why none, and status', () => {
    expect(track.tooltip(table, root, 'running')).toBe('root · planner · 10s · unset')
    expect(track.tooltip(table, a, 'running')).toBe('a · 1.5s · error')
    const b = table.indexOf.get('b')!
    expect(track.tooltip(table, b, 'running')).toBe('b · running · unset')
    expect(track.tooltip(table, b, 'never-ended')).toBe('b · never ended · unset')
  })

  it('scrolls a row into view only when it is off screen', () => {
    expect(track.scrollToShow(2, 0, 10 * ROW_H)).toBeNull()
    expect(track.scrollToShow(40, 0, 10 * ROW_H)).toBe(rowTop(40) - 5 * ROW_H)
    expect(track.scrollToShow(0, 5 * ROW_H, 10 * ROW_H)).toBe(0)
    expect(track.contentHeight(0)).toBe(1)
    expect(track.contentHeight(3)).toBe(3 * ROW_H)
  })
})
