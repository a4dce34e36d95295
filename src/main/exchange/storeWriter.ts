// Feeds records into a native store in batches, waiting whenever the store reports
// back-pressure, so an import of any size holds at most one batch plus the store's bounded queue.

import type { RecordKind, TraceRecord } from '../../shared/domain'
import type { RejectedRecord, TraceStore } from '../store/storeApi'
import { abortError } from './textSink'

const BATCH = 1000
/** rejections kept in full for the report; the rest are only counted */
const KEEP_REJECTIONS = 50

export interface WriteTally {
  accepted: number
  rejected: number
  rejections: RejectedRecord[]
  counts: Partial<Record<RecordKind, number>>
}

export class StoreWriter {
  private batch: TraceRecord[] = []
  private offset = 0
  readonly tally: WriteTally = { accepted: 0, rejected: 0, rejections: [], counts: {} }

  constructor(
    private readonly store: TraceStore,
    private readonly signal?: AbortSignal,
  ) {}

  async add(records: TraceRecord | TraceRecord[]): Promise<void> {
    if (Array.isArray(records)) for (const r of records) this.batch.push(r)
    else this.batch.push(records)
    if (this.batch.length >= BATCH) await this.send()
  }

  /** Sends what is left and waits until every accepted record is committed. */
  async finish(): Promise<WriteTally> {
    await this.send()
    await this.store.flush()
    return this.tally
  }

  private async send(): Promise<void> {
    if (this.signal?.aborted) throw abortError()
    if (!this.batch.length) return
    const batch = this.batch
    this.batch = []
    const res = this.store.enqueue(batch)
    this.tally.accepted += res.accepted
    this.tally.rejected += res.rejected.length
    const bad = new Set<number>()
    for (const r of res.rejected) {
      bad.add(r.index)
      if (this.tally.rejections.length < KEEP_REJECTIONS)
        this.tally.rejections.push({ ...r, index: r.index + this.offset })
    }
    batch.forEach((r, i) => {
      if (!bad.has(i)) this.tally.counts[r.kind] = (this.tally.counts[r.kind] ?? 0) + 1
    })
    this.offset += batch.length
    if (res.backpressure) await this.store.drained()
  }
}
