// Exports run by a store thread, beside the source they read: one file per export, written
// as `<destPath>.partial` and renamed when complete, progress reported as HostEvents, and
// cancellable by id. (The main side's ExportJobs chooses destinations and relays progress.)
import fs from 'node:fs'
import { ContractError } from '../../shared/contract/errors'
import { exportTraces } from '../exchange/exportTraces'
import type { ExportFormat, ExportResult } from '../exchange/exportTraces'
import { countExport } from '../exchange/exportCount'
import type { ExportCount } from '../exchange/exportCount'
import type { TraceFilter } from '../exchange/filters'
import { sourceFailure } from './sourceHost'
import type { SourceHost } from './sourceHost'
import type { ExportRequest, HostEvent } from './storeOps'

export class ExportRunner {
  private readonly running = new Map<string, AbortController>()

  constructor(
    private readonly host: SourceHost,
    private readonly emit: (e: HostEvent) => void,
  ) {}

  async start(req: ExportRequest): Promise<ExportResult> {
    const handle = this.host.handle(req.sourceId)
    const controller = new AbortController()
    this.running.set(req.exportId, controller)
    const partial = `${req.destPath}.partial`
    const out = fs.createWriteStream(partial)
    try {
      const result = await exportTraces(handle.queries, req.filter, req.format, out, {
        signal: controller.signal,
        onProgress: (progress) =>
          this.emit({ type: 'exportProgress', exportId: req.exportId, progress }),
      })
      await new Promise<void>((resolve, reject) => {
        out.once('error', reject)
        out.end(resolve)
      })
      await fs.promises.rename(partial, req.destPath)
      return result
    } catch (e) {
      out.destroy()
      await fs.promises.rm(partial, { force: true })
      if (controller.signal.aborted) throw new ContractError('not-found', 'Export cancelled')
      throw sourceFailure(
        e,
        this.host.list().find((s) => s.sourceId === req.sourceId)?.path ?? '',
        'Export failed for',
      )
    } finally {
      this.running.delete(req.exportId)
    }
  }

  count(a: { sourceId: string; filter: TraceFilter; format: ExportFormat }): ExportCount {
    return countExport(this.host.handle(a.sourceId).queries, a.filter, a.format)
  }

  /** false when no export of that id is running (finished, or never started) */
  cancel(exportId: string): boolean {
    const c = this.running.get(exportId)
    if (!c) return false
    c.abort()
    return true
  }
}
