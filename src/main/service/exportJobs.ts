// Exports started from a view: destination chosen by main (save dialog in Electron, a temp
// file served as a download in browser mode), progress coalesced to ≤ 10 events/s.
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import type { CallerContext } from '../../shared/contract/api'
import { ContractError } from '../../shared/contract/errors'
import type { ExportStarted } from '../../shared/contract/invoke'
import type { ExportFilter, ExportFormat } from '../../shared/contract/schemas'
import type { EventPayload } from '../../shared/contract/events'
import type { TraceFilter } from '../exchange/filters'
import type { ExportProgress } from '../exchange/exportTraces'
import type { StoreService } from './storeService'
import { exportFileName } from '../../shared/exportFileName'

export interface ExportDestination {
  path: string
  /** browser mode: where the page downloads the finished file */
  downloadUrl: string | null
}

export type ChooseExportDestination = (
  ctx: CallerContext,
  suggestedName: string,
  exportId: string,
) => Promise<ExportDestination | null>

/** The contract's filter (viewer field names) → the exporters' filter. */
export function toTraceFilter(f: ExportFilter): TraceFilter {
  const out: TraceFilter = {}
  if (f.sessionIds?.length) out.sessions = f.sessionIds
  if (f.since !== undefined) out.since = f.since
  if (f.until !== undefined) out.until = f.until
  if (f.agentIds?.length) out.agents = f.agentIds
  if (f.status) out.status = f.status
  if (f.name) out.spanName = f.name
  if (f.text) out.text = f.text
  if (f.where?.trim()) out.where = f.where.trim()
  return out
}

interface Job {
  callerId: string
  sourceId: string
  dest: ExportDestination
}

export class ExportJobs {
  private readonly jobs = new Map<string, Job>()
  /** finished browser-mode files, by export id, for the download route */
  private readonly finished = new Map<string, { path: string; callerId: string }>()

  constructor(
    private readonly service: StoreService,
    private readonly send: (callerId: string, payload: EventPayload<'export.progress'>) => void,
    private readonly choose: ChooseExportDestination | null,
  ) {}

  async start(
    ctx: CallerContext,
    req: { sourceId: string; sourceName: string; filter: ExportFilter; format: ExportFormat },
  ): Promise<ExportStarted> {
    if (!this.choose)
      throw new ContractError('unavailable', 'Export is not available in this mode.')
    const exportId = randomBytes(8).toString('hex')
    const name = exportFileName(req.sourceName, req.filter, req.format)
    const dest = await this.choose(ctx, name, exportId)
    if (!dest) return { exportId, started: false }
    this.jobs.set(exportId, { callerId: ctx.callerId, sourceId: req.sourceId, dest })

    let latest: ExportProgress | null = null
    let lastSent = 0
    let timer: NodeJS.Timeout | null = null
    const emit = (phase: EventPayload<'export.progress'>['phase'], error: string | null = null) =>
      this.send(ctx.callerId, {
        exportId,
        phase,
        records: latest?.records ?? 0,
        bytes: latest?.bytes ?? 0,
        total: null,
        path: phase === 'done' && !dest.downloadUrl ? dest.path : null,
        downloadUrl: phase === 'done' ? dest.downloadUrl : null,
        error,
      })
    const onProgress = (p: ExportProgress) => {
      latest = p
      if (timer) return
      timer = setTimeout(
        () => {
          timer = null
          lastSent = Date.now()
          emit('running')
        },
        Math.max(0, lastSent + 100 - Date.now()),
      )
    }

    void this.service
      .exportTo(
        {
          exportId,
          sourceId: req.sourceId,
          filter: toTraceFilter(req.filter),
          format: req.format,
          destPath: dest.path,
        },
        onProgress,
      )
      .then((result) => {
        latest = {
          format: req.format,
          phase: 'done',
          records: result.records,
          spans: result.spans,
          sessions: result.sessions,
          bytes: result.bytes,
        }
        if (dest.downloadUrl)
          this.finished.set(exportId, { path: dest.path, callerId: ctx.callerId })
        emit('done')
      })
      .catch((e: unknown) => {
        const cancelled = e instanceof ContractError && e.message === 'Export cancelled'
        emit(cancelled ? 'cancelled' : 'failed', cancelled ? null : (e as Error).message)
      })
      .finally(() => {
        if (timer) clearTimeout(timer)
        this.jobs.delete(exportId)
      })
    return { exportId, started: true }
  }

  async cancel(ctx: CallerContext, exportId: string): Promise<boolean> {
    const job = this.jobs.get(exportId)
    if (!job || job.callerId !== ctx.callerId) return false
    return this.service.cancelExport(job.sourceId, exportId)
  }

  /** the finished file of a browser-mode export, if this id names one */
  download(exportId: string): { path: string; fileName: string } | null {
    const f = this.finished.get(exportId)
    return f
      ? { path: f.path, fileName: path.basename(f.path).replace(/^[0-9a-f]{16}-/, '') }
      : null
  }
}
