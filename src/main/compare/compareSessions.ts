// Two sessions of one source compared, for the viewer's Compare view: read, diffed and capped
// to one page of steps on the source's own thread.
import { ContractError } from '../../shared/contract/errors'
import {
  COMPARE_MAX_SPANS,
  COMPARE_MAX_STEPS,
  type RunComparison,
} from '../../shared/compare/runComparison'
import { diffRuns } from '../../shared/compare/runDiff'
import type { TraceQueries } from '../../shared/queries'
import { readRun } from './readRun'

export function compareSessions(
  q: TraceQueries,
  sessionA: string,
  sessionB: string,
): RunComparison {
  const a = q.getSession(sessionA)
  if (!a)
    throw new ContractError('not-found', `No session ${JSON.stringify(sessionA)} in this file`, {
      field: 'sessionA',
    })
  const b = q.getSession(sessionB)
  if (!b)
    throw new ContractError('not-found', `No session ${JSON.stringify(sessionB)} in this file`, {
      field: 'sessionB',
    })
  const runA = readRun(q, sessionA, COMPARE_MAX_SPANS)
  const runB = readRun(q, sessionB, COMPARE_MAX_SPANS)
  const d = diffRuns(runA, runB)
  return {
    a,
    b,
    summary: d.summary,
    steps: d.steps.slice(0, COMPARE_MAX_STEPS),
    totalSteps: d.steps.length,
    truncated: runA.truncated || runB.truncated,
  }
}
