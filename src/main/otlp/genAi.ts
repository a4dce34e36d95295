// The OpenTelemetry GenAI semantic conventions, old and new names, as Tracescope reads them.
import type { Attributes, TraceRecord } from '../../shared/domain'
import { TOKEN_METRICS } from '../../shared/domain'

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

function tokenValue(v: unknown): number {
  return typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN
}

type Metric = Extract<TraceRecord, { kind: 'metric' }> & { attributes: Attributes }

/**
 * Token usage as metric samples, summed per (session, agent, model, metric) over one request:
 * the per-span counts stay on the spans' attributes, and a chart needs no record per LLM call
 * (which would double the rows an LLM-heavy trace writes).
 */
export class TokenTotals {
  /** session → agent → model → [input, output]; nested maps, no key string built per span */
  private readonly totals = new Map<string, Map<string, Map<string, Array<Metric | undefined>>>>()
  /** in order of first appearance */
  private readonly list: Metric[] = []

  add(sessionId: string, agentId: string | null, attrs: Attributes, time: number): void {
    const input = attrs[TOKEN_METRICS[0]]
    const output = attrs[TOKEN_METRICS[1]]
    if (input === undefined && output === undefined) return
    const values = [tokenValue(input), tokenValue(output)]
    if (!Number.isFinite(values[0]) && !Number.isFinite(values[1])) return
    const model = attrs['gen_ai.response.model'] ?? attrs['gen_ai.request.model']
    let byAgent = this.totals.get(sessionId)
    if (!byAgent) this.totals.set(sessionId, (byAgent = new Map()))
    let byModel = byAgent.get(agentId ?? '')
    if (!byModel) byAgent.set(agentId ?? '', (byModel = new Map()))
    const modelKey = String(model ?? '')
    let slots = byModel.get(modelKey)
    if (!slots) byModel.set(modelKey, (slots = [undefined, undefined]))
    for (let i = 0; i < 2; i++) {
      const value = values[i]
      if (!Number.isFinite(value)) continue
      const t = slots[i]
      if (t) {
        t.value += value
        t.attributes.spans = (t.attributes.spans as number) + 1
        if (time > t.time) t.time = time
      } else {
        const attributes: Attributes = { spans: 1 }
        if (model !== undefined) attributes['gen_ai.request.model'] = model
        const name = TOKEN_METRICS[i]
        slots[i] = { kind: 'metric', sessionId, agentId, time, name, value, attributes }
        this.list.push(slots[i]!)
      }
    }
  }

  records(): Array<Extract<TraceRecord, { kind: 'metric' }>> {
    return this.list
  }
}
