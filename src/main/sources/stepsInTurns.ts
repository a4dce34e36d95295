// A long job over a file only read (the totals pass, the Σ of parent spans) run so it never holds
// the main process for long: steps at once for up to `budgetMs` (what the view that asked may
// wait), then one step per turn of the event loop, so the open views' queries go between them.

export interface StepsJob {
  /** does the next part of the job; true once the job is complete */
  step(): boolean
  /** false once nobody wants the job any more (the source closed, a newer job replaced it) */
  wanted(): boolean
  /** the job is complete; `late`: it ended after the call that started it had returned */
  done(late: boolean): void
  /** a step threw (the file went away, could not be read): no more steps are run */
  failed(e: Error): void
}

/**
 * Runs `job` for up to `budgetMs` now (Infinity: to the end, as the CLI does), the rest a step
 * per turn of the event loop. At least one step runs in each turn.
 */
export function runInTurns(job: StepsJob, budgetMs: number, late = false): void {
  const until = performance.now() + budgetMs
  try {
    do {
      if (job.step()) return job.done(late)
    } while (performance.now() < until)
  } catch (e) {
    return job.failed(e instanceof Error ? e : new Error(String(e)))
  }
  setImmediate(() => {
    if (job.wanted()) runInTurns(job, 0, true)
  })
}
