// What a compared step's change is, in one word and a mark people scan for — the same in the
// terminal and in the viewer, and never told by colour alone.
import type { StepDiff } from './runDiff'

export type StepKind =
  'failed' | 'fixed' | 'slower' | 'faster' | 'added' | 'removed' | 'status' | 'changed' | 'same'

/** The most telling change of a step: failing outranks timing, timing outranks the rest. */
export function stepKind(s: StepDiff): StepKind {
  if (s.change === 'added') return 'added'
  if (s.change === 'removed') return 'removed'
  if (s.statusChanged)
    return s.b?.status === 'error' ? 'failed' : s.a?.status === 'error' ? 'fixed' : 'status'
  if (s.timing) return s.timing
  return s.change === 'same' ? 'same' : 'changed'
}

export const STEP_MARK: Record<StepKind, string> = {
  failed: '✗',
  fixed: '✓',
  slower: '▲',
  faster: '▼',
  added: '+',
  removed: '-',
  status: '~',
  changed: '~',
  same: '=',
}

/** `✗ failed`, `▲ slower`, `+ added`… */
export function stepLabel(s: StepDiff): string {
  const k = stepKind(s)
  return `${STEP_MARK[k]} ${k}`
}
