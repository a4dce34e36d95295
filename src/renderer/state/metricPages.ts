// Metric samples come 5,000 to a page in time order; a long run has many pages (the collector
// writes one token sample per request, agent and model), and reading only the first one showed
// the start of the run as if it were all of it.
import { api } from './apiRef'
import type { MetricSample } from '../../shared/domain'
import type { Page } from '../../shared/queries'

const PAGE = 5000
/** Bounded, so a huge file cannot stall the view: 200,000 samples. */
export const MAX_PAGES = 40

export interface MetricSamples {
  samples: MetricSample[]
  /** false when MAX_PAGES were read and more remained */
  complete: boolean
}

export async function allMetricSamples(
  sourceId: string,
  q: { sessionId?: string; name?: string },
): Promise<MetricSamples> {
  const samples: MetricSample[] = []
  let cursor: string | null = null
  for (let pages = 0; pages < MAX_PAGES; pages++) {
    const page: Page<MetricSample> = await api().invoke('metrics.list', {
      sourceId,
      ...q,
      limit: PAGE,
      cursor,
    })
    for (const s of page.items) samples.push(s)
    if (!(cursor = page.nextCursor)) return { samples, complete: true }
  }
  return { samples, complete: false }
}
