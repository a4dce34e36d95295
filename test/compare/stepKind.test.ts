import { describe, expect, it } from 'vitest'
import type { StepDiff } from '../../src/shared/compare/runDiff'
import { stepKind, stepLabel } from '../../src/shared/compare/stepKind'

const side = (status: 'ok' | 'error' | 'unset') => ({
  spanId: 'x',
  status,
  statusMessage: null,
  durationMs: 10,
  tokens: null,
  costUsd: null,
})
const step = (over: Partial<StepDiff>): StepDiff => ({
  index: 0,
  parentIndex: null,
  depth: 0,
  name: 'n',
  agent: null,
  ordinal: 1,
  path: 'n',
  change: 'changed',
  a: side('ok'),
  b: side('ok'),
  durationDeltaMs: 0,
  timing: null,
  statusChanged: false,
  tokensDelta: null,
  costDeltaUsd: null,
  attributes: { added: [], removed: [], changed: [] },
  messagesChanged: false,
  impact: 0,
  ...over,
})

describe('stepKind', () => {
  it('puts failing before timing, and timing before other changes', () => {
    expect(stepKind(step({ change: 'added', a: null }))).toBe('added')
    expect(stepKind(step({ change: 'removed', b: null }))).toBe('removed')
    expect(stepKind(step({ statusChanged: true, b: side('error'), timing: 'slower' }))).toBe(
      'failed',
    )
    expect(stepKind(step({ statusChanged: true, a: side('error') }))).toBe('fixed')
    expect(stepKind(step({ statusChanged: true, a: side('unset') }))).toBe('status')
    expect(stepKind(step({ timing: 'faster' }))).toBe('faster')
    expect(stepKind(step({ messagesChanged: true }))).toBe('changed')
    expect(stepKind(step({ change: 'same' }))).toBe('same')
  })

  it('labels with a mark and a word', () => {
    expect(stepLabel(step({ timing: 'slower' }))).toBe('▲ slower')
    expect(stepLabel(step({ change: 'removed', b: null }))).toBe('- removed')
  })
})
