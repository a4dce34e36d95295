import { describe, expect, it } from 'vitest'
import type { Span } from '../../src/shared/domain'
import { buildTree, renderTree, treeJson } from '../../src/cli/spanTree'

const span = (
  spanId: string,
  parentSpanId: string | null,
  startTime: number,
  extra: Partial<Span> = {},
): Span => ({
  sessionId: 's',
  traceId: 't',
  spanId,
  parentSpanId,
  name: spanId,
  kind: 'internal',
  agentId: null,
  startTime,
  endTime: startTime + 10,
  durationMs: 10,
  status: 'ok',
  statusMessage: null,
  attributes: {},
  ...extra,
})

describe('span tree', () => {
  it('nests children under parents in start order; orphans become roots', () => {
    const spans = [
      span('c2', 'root', 30),
      span('root', null, 0),
      span('c1', 'root', 10),
      span('g', 'c1', 15),
      span('orphan', 'missing', 5),
    ]
    const roots = buildTree(spans)
    expect(roots.map((r) => r.span.spanId)).toEqual(['root', 'orphan'])
    expect(roots[0].children.map((c) => c.span.spanId)).toEqual(['c1', 'c2'])
    const lines = renderTree(roots, 0)
    expect(lines).toEqual([
      '✓ root  10ms  +0µs',
      '├─ ✓ c1  10ms  +10ms',
      '│  └─ ✓ g  10ms  +15ms',
      '└─ ✓ c2  10ms  +30ms',
      '✓ orphan  10ms  +5.0ms',
    ])
    const json = treeJson(roots) as Array<{ spanId: string; children: Array<{ spanId: string }> }>
    expect(json[0].children.map((c) => c.spanId)).toEqual(['c1', 'c2'])
  })

  it('shows status, agent, running spans and error messages', () => {
    const lines = renderTree(
      buildTree([
        span('a', null, 0, { status: 'error', statusMessage: 'bad\nthing', agentId: 'coder' }),
        span('b', 'a', 1, { endTime: null, durationMs: null, status: 'unset' }),
      ]),
      null,
    )
    expect(lines).toEqual(['✗ a  10ms  [coder]  — bad thing', '└─ · b  running'])
  })

  it('handles a 50,000-deep chain without recursion limits', () => {
    const spans = Array.from({ length: 50_000 }, (_, i) => span(`s${i}`, i ? `s${i - 1}` : null, i))
    expect(renderTree(buildTree(spans), 0)).toHaveLength(50_000)
  })
})
