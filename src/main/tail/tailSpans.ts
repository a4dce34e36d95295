// Following only the spans of a database another process writes: tailRecords with one kind.
import type { Span } from '../../shared/domain'
import { tailRecords, type TailRecordsOptions, type TailStats } from './tailRecords'

export interface TailOptions extends Omit<TailRecordsOptions, 'kinds' | 'onRecords'> {
  /** called with new (or changed) spans in start order; awaited before the next poll */
  onSpans: (spans: Span[]) => void | Promise<void>
}

export type { TailStats }

/** Follows the spans of `file` until `signal` aborts; resolves with counters. */
export function tailSpans(file: string, opts: TailOptions): Promise<TailStats> {
  const { onSpans, ...rest } = opts
  return tailRecords(file, {
    ...rest,
    kinds: ['span'],
    onRecords: (records) => onSpans(records.flatMap((r) => (r.kind === 'span' ? [r.record] : []))),
  })
}
