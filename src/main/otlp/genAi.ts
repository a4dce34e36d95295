// The OpenTelemetry GenAI semantic conventions, old and new names, as Tracescope reads them.
import type { Attributes, TraceRecord } from '../../shared/domain'
import { USAGE_FIELDS, USAGE_METRICS, tokenUsage } from '../../shared/genai/usage'

/** Older names still sent by many instrumentations → the current ones (the old key is kept too). */
const RENAMED: Array<[old: string, current: string]> = [
  ['gen_ai.usage.prompt_tokens', 'gen_ai.usage.input_tokens'],
  ['gen_ai.usage.completion_tokens', 'gen_ai.usage.output_tokens'],
  ['gen_ai.system', 'gen_ai.provider.name'],
]

/** Adds the current GenAI attribute names where only the older ones were sent. */
export function normalizeGenAi(attrs: Attributes): void {
  for (const [old, current] of RENAMED) {
    if (attrs[old] !== undefined && attrs[current] === undefined) attrs[current] = attrs[old]
  }
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v || null
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  return null
}

/** `gen_ai.conversation.id` or `session.id`, on the span or its resource. */
export function genAiSession(attrs: Attributes): string | null {
  return (
    text(attrs['gen_ai.conversation.id']) ??
    text(attrs['session.id']) ??
    text(attrs['resource.gen_ai.conversation.id']) ??
    text(attrs['resource.session.id'])
  )
}

type Metric = Extract<TraceRecord, { kind: 'metric' }> & { attributes: Attributes }

/**
 * Token usage as metric samples, summed per (session, agent, model, metric) over one request:
 * the per-span counts stay on the spans' attributes, and a chart needs no record per LLM call
 * (which would double the rows an LLM-heavy trace writes). Token charts read these samples;
 * the sessions list reads the writer's own running totals (src/main/store/usageLedger.ts).
 */
export class TokenTotals {
  /** session → agent → model → one slot per USAGE_METRICS name; no key string built per span */
  private readonly totals = new Map<string, Map<string, Map<string, Array<Metric | undefined>>>>()
  /** in order of first appearance */
  private readonly list: Metric[] = []

  add(sessionId: string, agentId: string | null, attrs: Attributes, time: number): void {
    const usage = tokenUsage(attrs)
    if (!usage) return
    const values = USAGE_FIELDS.map((f) => usage[f])
    const model = usage.model
    let byAgent = this.totals.get(sessionId)
    if (!byAgent) this.totals.set(sessionId, (byAgent = new Map()))
    let byModel = byAgent.get(agentId ?? '')
    if (!byModel) byAgent.set(agentId ?? '', (byModel = new Map()))
    const modelKey = model ?? ''
    let slots = byModel.get(modelKey)
    if (!slots) byModel.set(modelKey, (slots = USAGE_FIELDS.map(() => undefined)))
    for (let i = 0; i < values.length; i++) {
      const value = values[i]
      if (value === null) continue
      const t = slots[i]
      if (t) {
        t.value += value
        t.attributes.spans = (t.attributes.spans as number) + 1
        if (time > t.time) t.time = time
      } else {
        const attributes: Attributes = { spans: 1 }
        if (model !== null) attributes['gen_ai.request.model'] = model
        const name = USAGE_METRICS[i]
        slots[i] = { kind: 'metric', sessionId, agentId, time, name, value, attributes }
        this.list.push(slots[i]!)
      }
    }
  }

  records(): Array<Extract<TraceRecord, { kind: 'metric' }>> {
    return this.list
  }
}
