// When the full-text index catches up (searchIndexer.ts does the indexing): in short steps while
// the writer queue is idle, and all the way in flush(). Failures never throw out of a timer (that
// would end the process): a busy file is retried soon, anything else (a full disk) is kept for
// info().notes and retried after a pause; the records themselves are already committed.
import type { SearchIndexer } from './searchIndexer'
import { isBusyError, storeErrorFrom } from './storeErrors'

// rows per idle step: short enough (tens of ms) not to delay queries on this thread
const STEP_ROWS = 500
const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve))

export interface CatchUpHost {
  path: string
  busyRetries: number
  /** records waiting in the writer queue: they go before indexing */
  queued(): number
  /** commits what waits in the writer queue */
  commitQueued(): Promise<void>
}

export class SearchCatchUp {
  private timer: NodeJS.Timeout | null = null
  private stopped = false
  /** the last indexing failure, until a step succeeds again */
  error: Error | null = null

  constructor(
    private readonly indexer: SearchIndexer,
    private readonly host: CatchUpHost,
    private readonly whenIdle: boolean,
  ) {}

  /** One idle step after `delayMs`, then more while rows remain and the queue stays empty. */
  schedule(delayMs = 5): void {
    if (this.timer !== null || this.stopped || !this.whenIdle) return
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.stopped || this.host.queued() > 0) return
      try {
        if (this.indexer.step(STEP_ROWS) > 0) this.schedule()
        this.error = null
      } catch (err) {
        if (isBusyError(err)) {
          this.schedule(50)
        } else {
          this.error = storeErrorFrom(this.host.path, err, 'index') as Error
          this.schedule(5000)
        }
      }
    }, delayMs)
    // catching up the search index never keeps a process alive
    this.timer.unref()
  }

  /**
   * Indexes everything committed, letting records that arrive meanwhile commit first; with
   * `budgetMs`, stops after about that long (closing a store must not wait without limit);
   * with `rewrittenOnly`, only the spans this process rewrote after they were indexed.
   */
  async toEnd(budgetMs = Infinity, rewrittenOnly = false): Promise<void> {
    const until = Date.now() + budgetMs
    for (let attempt = 0; !this.stopped && Date.now() < until;) {
      try {
        if (this.host.queued() > 0) await this.host.commitQueued()
        if (this.indexer.step(STEP_ROWS * 2, rewrittenOnly) === 0) break
        this.error = null
        await nextTick()
      } catch (err) {
        // another process holds the write lock: wait like the writer queue does
        if (isBusyError(err) && ++attempt <= this.host.busyRetries) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 5 * 2 ** attempt)))
          continue
        }
        // the records are committed; only search lags (e.g. a full disk): not a flush failure
        this.error = storeErrorFrom(this.host.path, err, 'index') as Error
        break
      }
    }
  }

  stop(): void {
    this.stopped = true
    if (this.timer !== null) clearTimeout(this.timer)
  }
}
