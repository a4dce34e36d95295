// Feeds records into a native store in batches, waiting whenever the store reports
// back-pressure, so an import of any size holds at most one batch plus the store's bounded queue.
// Each record keeps the line of the file it came from, so a refusal names that line.

import type { RecordKind, TraceRecord } from '../../shared/domain'
import type { PreparedRecord } from '../store/preparedRecord'
import type { TraceStore } from '../store/storeApi'
import { abortError } from './textSink'

const BATCH = 1000
/** refusals kept in full for the report; the rest are only counted */
export const KEEP_REJECTIONS = 50

/** A record or a piece of the file that was not imported, and why. */
export interface ImportRejection {
  /** 1-based line of the file where the refused record (or span, or request) starts */
  line: number
  kind: string
  id: string | null
  field: string
  reason: string
}

/** The line the records of a run came from: one line for all, or each record's, in order. */
export type LineOf = number | readonly number[]

export interface WriteTally {
  accepted: number
  rejected: number
  rejections: ImportRejection[]
  counts: Partial<Record<RecordKind, number>>
}

export class StoreWriter {
  private batch: TraceRecord[] = []
  /** where each added run of records ends in `batch`, and how to find its lines */
  private runs: Array<{ end: number; lineOf: LineOf }> = []
  readonly tally: WriteTally = { accepted: 0, rejected: 0, rejections: [], counts: {} }

  constructor(
    private readonly store: TraceStore,
    private readonly signal?: AbortSignal,
  ) {}

  /** Refusals found before the store (bad JSON values, OTLP mapping). */
  refuse(r: ImportRejection): void {
    this.tally.rejected++
    if (this.tally.rejections.length < KEEP_REJECTIONS) this.tally.rejections.push(r)
  }

  async add(records: TraceRecord | TraceRecord[], lineOf: LineOf): Promise<void> {
    if (Array.isArray(records)) for (const r of records) this.batch.push(r)
    else this.batch.push(records)
    this.runs.push({ end: this.batch.length, lineOf })
    if (this.batch.length >= BATCH) await this.send()
  }

  /** The store's limits, for records validated and encoded on another thread. */
  get validationLimits(): TraceStore['validationLimits'] {
    return this.store.validationLimits
  }

  /** Queues records validated and encoded elsewhere (after what add() holds, in order). */
  async addPrepared(
    items: Array<{ record: PreparedRecord; id: string | null }>,
    lineOf: LineOf,
  ): Promise<void> {
    await this.send()
    if (!items.length) return
    const res = this.store.enqueuePrepared(items)
    this.tally.accepted += res.accepted
    let bad: Set<number> | null = null
    for (const r of res.rejected) {
      ;(bad ??= new Set()).add(r.index)
      const line = typeof lineOf === 'number' ? lineOf : lineOf[r.index]
      this.refuse({ line, kind: r.kind, id: r.id, field: r.field, reason: r.reason })
    }
    const counts = this.tally.counts
    for (let i = 0; i < items.length; i++) {
      const kind = items[i].record.kind
      if (!bad?.has(i)) counts[kind] = (counts[kind] ?? 0) + 1
    }
    if (res.backpressure) await this.store.drained()
  }

  /**
   * Sends what is left and waits until every accepted record is committed. The search index is
   * the store's to catch up (when idle, in flush(), or in another process): an import's caller
   * decides whether to wait for it.
   */
  async finish(): Promise<WriteTally> {
    await this.send()
    await this.store.commit()
    return this.tally
  }

  private lineOf(i: number): number {
    const at = this.runs.findIndex((r) => i < r.end)
    const run = this.runs[at]
    if (typeof run.lineOf === 'number') return run.lineOf
    return run.lineOf[i - (at > 0 ? this.runs[at - 1].end : 0)]
  }

  private async send(): Promise<void> {
    if (this.signal?.aborted) throw abortError()
    if (!this.batch.length) return
    const batch = this.batch
    const res = this.store.enqueue(batch)
    this.tally.accepted += res.accepted
    let bad: Set<number> | null = null
    for (const r of res.rejected) {
      ;(bad ??= new Set()).add(r.index)
      this.refuse({
        line: this.lineOf(r.index),
        kind: r.kind,
        id: r.id,
        field: r.field,
        reason: r.reason,
      })
    }
    const counts = this.tally.counts
    for (let i = 0; i < batch.length; i++)
      if (!bad?.has(i)) counts[batch[i].kind] = (counts[batch[i].kind] ?? 0) + 1
    this.batch = []
    this.runs = []
    if (res.backpressure) await this.store.drained()
  }
}
