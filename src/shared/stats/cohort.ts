// What the selected spans share: for each attribute (and the span name and agent), how
// differently its values are spread in a selection (failed spans, the slowest, some sessions)
// and in the baseline (the rest), as BubbleUp does. The score is the total variation distance
// between the two distributions, a span without the attribute counting as the value "(absent)":
// 0 when both sets look alike, 1 when no value is shared.
import type { Attributes } from '../domain'

export interface CohortSpan {
  name: string
  agentId: string | null
  attributes: Attributes
}

export interface ValueShare {
  value: string
  /** share of the selection's spans with this value (0–1) */
  selection: number
  baseline: number
}

export interface AttributeDifference {
  key: string
  score: number
  /** the values whose shares differ most, most over-represented in the selection first */
  values: ValueShare[]
}

export interface CohortResult {
  selection: number
  baseline: number
  attributes: AttributeDifference[]
}

/** Which spans are the selection; every other span in range is the baseline. */
export type Selection =
  | { kind: 'failed' }
  | { kind: 'slowest'; percent: number }
  | { kind: 'sessions'; sessionIds: string[] }
  | { kind: 'where'; where: string }

export interface CohortRequest {
  selection: Selection
  /** only spans of this name (e.g. "what do the failing llm.chat share") */
  name?: string
  since?: number
  limit?: number
}

export interface CohortAnswer extends CohortResult {
  /** the slowest selection's threshold: spans at least this long are selected */
  thresholdMs?: number | null
}

const ABSENT = '(absent)'
/** keys with more distinct values are not compared (ids, timestamps, prompts) */
export const MAX_DISTINCT_VALUES = 50
const MAX_VALUE_TEXT = 120
// the span's own fields, compared like attributes
const NAME_KEY = 'span.name'
const AGENT_KEY = 'agent'

function valueText(v: unknown): string {
  const t = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v))
  return t.length > MAX_VALUE_TEXT ? `${t.slice(0, MAX_VALUE_TEXT - 1)}…` : t
}

interface KeyCounts {
  /** value → [selection count, baseline count] */
  values: Map<string, [number, number]>
  /** spans that have the key, per side */
  present: [number, number]
  tooMany: boolean
}

/** Nearly every span has its own value (request ids, timestamps): not a trait spans share. */
function isIdentifier(k: KeyCounts): boolean {
  const present = k.present[0] + k.present[1]
  return k.values.size > 5 && k.values.size >= 0.8 * present
}

export class CohortAccumulator {
  private readonly keys = new Map<string, KeyCounts>()
  private readonly sizes: [number, number] = [0, 0]

  add(s: CohortSpan, inSelection: boolean): void {
    const side = inSelection ? 0 : 1
    this.sizes[side]++
    this.count(NAME_KEY, s.name, side)
    this.count(AGENT_KEY, s.agentId ?? ABSENT, side)
    for (const [k, v] of Object.entries(s.attributes))
      if (v !== null && v !== undefined) this.count(k, valueText(v), side)
  }

  private count(key: string, value: string, side: 0 | 1): void {
    let k = this.keys.get(key)
    if (!k) this.keys.set(key, (k = { values: new Map(), present: [0, 0], tooMany: false }))
    if (k.tooMany) return
    k.present[side]++
    let c = k.values.get(value)
    if (!c) {
      if (k.values.size >= MAX_DISTINCT_VALUES) {
        k.tooMany = true
        k.values.clear()
        return
      }
      k.values.set(value, (c = [0, 0]))
    }
    c[side]++
  }

  /** The `limit` attributes whose values differ most between selection and baseline. */
  result(limit = 20): CohortResult {
    const [ns, nb] = this.sizes
    const out: AttributeDifference[] = []
    if (ns > 0 && nb > 0)
      for (const [key, k] of this.keys) {
        if (k.tooMany || isIdentifier(k)) continue
        const shares: ValueShare[] = [...k.values].map(([value, [s, b]]) => ({
          value,
          selection: s / ns,
          baseline: b / nb,
        }))
        const absent = {
          value: ABSENT,
          selection: 1 - k.present[0] / ns,
          baseline: 1 - k.present[1] / nb,
        }
        if (absent.selection > 0 || absent.baseline > 0) shares.push(absent)
        const score = shares.reduce((t, v) => t + Math.abs(v.selection - v.baseline), 0) / 2
        if (score <= 0) continue
        shares.sort(
          (x, y) =>
            y.selection - y.baseline - (x.selection - x.baseline) || (x.value < y.value ? -1 : 1),
        )
        out.push({ key, score, values: shares.slice(0, 5) })
      }
    out.sort((x, y) => y.score - x.score || (x.key < y.key ? -1 : 1))
    return { selection: ns, baseline: nb, attributes: out.slice(0, limit) }
  }
}
