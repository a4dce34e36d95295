// samplingRate: whole sessions are kept or dropped, never single spans of a run. The choice is
// a hash of the session id, so every process writing the same run agrees without talking.
import type { TraceRecord } from '../shared/domain'

/** the session attribute that says a run was sampled, and at which rate */
export const SAMPLING_RATE_ATTRIBUTE = 'tracescope.sampling_rate'

export interface SamplingStats {
  samplingRate: number
  keptSessions: number
  droppedSessions: number
  droppedRecords: number
}

/**
 * FNV-1a of the session id, then MurmurHash3's finalizer, as a fraction of 2^32: the same in
 * every process and run. The finalizer matters: FNV-1a alone leaves the high bits of ids that
 * differ only at the end (run-1, run-2, …) nearly equal, so such runs were kept or dropped
 * together.
 */
export function sessionSampleValue(sessionId: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < sessionId.length; i++) {
    h ^= sessionId.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return (h >>> 0) / 2 ** 32
}

export function keepsSession(sessionId: string, rate: number): boolean {
  return rate >= 1 || (rate > 0 && sessionSampleValue(sessionId) < rate)
}

export class SessionSampler {
  private readonly decided = new Map<string, boolean>()
  private kept = 0
  private dropped = 0
  private droppedRecords = 0

  constructor(readonly rate: number) {}

  /** the records of kept sessions; a kept session's first record is preceded by the rate */
  sample(records: TraceRecord[]): TraceRecord[] {
    if (this.rate >= 1) return records
    const out: TraceRecord[] = []
    for (const r of records) {
      const sessionId = r.kind === 'session' ? r.id : (r as { sessionId?: string | null }).sessionId
      if (!sessionId) {
        out.push(r)
        continue
      }
      let keep = this.decided.get(sessionId)
      if (keep === undefined) {
        // a long-lived process forgets old decisions: the hash gives the same answer again
        if (this.decided.size >= 100_000) this.decided.clear()
        keep = keepsSession(sessionId, this.rate)
        this.decided.set(sessionId, keep)
        if (keep) {
          this.kept++
          out.push({
            kind: 'session',
            id: sessionId,
            attributes: { [SAMPLING_RATE_ATTRIBUTE]: this.rate },
          })
        } else this.dropped++
      }
      if (keep) out.push(r)
      else this.droppedRecords++
    }
    return out
  }

  stats(): SamplingStats {
    return {
      samplingRate: this.rate,
      keptSessions: this.kept,
      droppedSessions: this.dropped,
      droppedRecords: this.droppedRecords,
    }
  }
}
