// Applies the `retentionDays` setting to the app's own store: at start-up, whenever the
// setting changes, and once a day after that. Runs never overlap, and the daily timer never
// keeps a process alive.
import type { MaintenanceReport } from '../store/storeApi'
import type { AppPrefs } from './appPrefs'
import type { SourceRegistry } from './sourceRegistry'
import type { StoreService } from './storeService'

export const RETENTION_INTERVAL_MS = 86_400_000

export interface RetentionOptions {
  intervalMs?: number
  /** a failed run (the timer's or start-up's) is reported here, never thrown */
  onError?: (e: Error) => void
}

export class RetentionScheduler {
  private timer: ReturnType<typeof setInterval> | null = null
  private running: { days: number; report: Promise<MaintenanceReport> } | null = null
  private stopped = false
  private readonly intervalMs: number
  private readonly onError: (e: Error) => void

  constructor(
    private readonly service: StoreService,
    private readonly registry: SourceRegistry,
    private readonly prefs: AppPrefs,
    opts: RetentionOptions = {},
  ) {
    this.intervalMs = opts.intervalMs ?? RETENTION_INTERVAL_MS
    this.onError =
      opts.onError ??
      ((e) => process.stderr.write(`[tracescope] retention not applied: ${e.message}\n`))
  }

  /**
   * Deletes the app store's sessions older than the setting; null when there is nothing to do
   * (keep forever, or no app store in this mode). A run already under way is joined, not
   * doubled, unless the setting changed since it began.
   */
  async run(): Promise<MaintenanceReport | null> {
    const days = this.prefs.getSettings().retentionDays
    if (this.running) {
      if (this.running.days === days) return this.running.report
      await this.running.report.catch(() => null)
      return this.run()
    }
    const app = this.registry.appStore()
    if (days === null || !app || this.stopped) return null
    const report = this.service.maintainAppStore(app.sourceId, days)
    const current = { days, report }
    this.running = current
    try {
      return await report
    } finally {
      if (this.running === current) this.running = null
    }
  }

  /**
   * Starts the start-up run without waiting for it (a window must not wait on a long delete;
   * `run()` joins it), then one run a day. Failures are reported, not thrown.
   */
  start(): void {
    if (this.timer || this.stopped) return
    this.run().catch((e: Error) => this.onError(e))
    this.timer = setInterval(() => {
      this.run().catch((e: Error) => this.onError(e))
    }, this.intervalMs)
    this.timer.unref()
  }

  /** clears the timer and waits for a run under way, so the store closes after it */
  async stop(): Promise<void> {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running?.report.catch(() => null)
  }
}
