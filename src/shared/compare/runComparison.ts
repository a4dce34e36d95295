// What the `runs.compare` channel answers: both sessions, the summary, and the merged tree's
// steps in depth-first order — at most one page of them, like every channel.
import type { Session } from '../domain'
import { MAX_PAGE } from '../queries'
import type { RunSummary, StepDiff } from './runDiff'

export interface RunComparison {
  a: Session
  b: Session
  summary: RunSummary
  /** the first COMPARE_MAX_STEPS steps of the merged tree, depth-first */
  steps: StepDiff[]
  /** steps in the whole merged tree (more than `steps.length` when capped) */
  totalSteps: number
  /** a session had more spans than were read (COMPARE_MAX_SPANS) */
  truncated: boolean
}

export const COMPARE_MAX_STEPS = MAX_PAGE
/** spans read per session for the viewer: enough for big runs, bounded in time and memory */
export const COMPARE_MAX_SPANS = 100_000
