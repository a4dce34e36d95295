// storageRetention and maxFileSize: applied through the store's maintenance at open and then
// every maintenanceInterval, one run at a time, never blocking a write for long (the store
// deletes one session per transaction).
import type { MaintenanceReport, TraceStore } from '../main/store/storeApi'
import type { TracingPolicy } from './tracingOptions'

const DAY_MS = 86_400_000

export class StorageLimits {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<MaintenanceReport | null> | null = null

  constructor(
    private readonly store: TraceStore,
    private readonly policy: TracingPolicy,
  ) {
    if (policy.storageRetention === null && policy.maxFileSize === null) return
    void this.run()
    this.timer = setInterval(() => void this.run(), policy.maintenanceInterval)
    this.timer.unref()
  }

  run(): Promise<MaintenanceReport | null> {
    const { storageRetention, maxFileSize, archivePath } = this.policy
    if (storageRetention === null && maxFileSize === null) return Promise.resolve(null)
    this.running ??= this.store
      .maintain({
        ...(storageRetention !== null ? { retentionDays: storageRetention / DAY_MS } : {}),
        ...(maxFileSize !== null ? { maxBytes: maxFileSize, maxBytesArchiveTo: archivePath } : {}),
      })
      .catch((e: Error) => {
        process.stderr.write(`[tracescope] storage limits not applied: ${e.message}\n`)
        return null
      })
      .finally(() => (this.running = null))
    return this.running
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }
}
