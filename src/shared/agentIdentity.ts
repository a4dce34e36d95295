// Which agent a record belongs to: the one rule every source that reads OpenTelemetry GenAI
// attributes uses (the OTLP mapping, the collector, the OTel exporter, the SDK tracer), so the
// agent graph, per-agent totals, colours and lanes all key agents the same way.
//
// The key is `gen_ai.agent.name`. Instrumentations put the id on the `invoke_agent` span only and
// the name on every span below it, and the spans below end (and are exported) before it: keying
// by id would split one agent into an "id" node and a "name" node whatever order they arrive in.
// Keying by name needs no ordering. `gen_ai.agent.id` stays on the spans and on the agent record
// (attribute `gen_ai.agent.id`). A span with an id and no name takes the name another span of the
// same batch gave that id; with neither, the emitting service (`service.name`) is the agent.
import type { Attributes } from './domain'

export interface AgentIdentity {
  /** the agent id records carry (Span.agentId, Agent.id) */
  key: string
  /** display name */
  name: string
  type: 'gen_ai.agent' | 'service'
  /** the `gen_ai.agent.id` the span declared, if any */
  declaredId: string | null
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v || null
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  return null
}

/** `gen_ai.agent.name` / `.id` on the span, else on its resource. */
function declared(attrs: Attributes): { name: string | null; id: string | null } {
  return {
    name: text(attrs['gen_ai.agent.name']) ?? text(attrs['resource.gen_ai.agent.name']),
    id: text(attrs['gen_ai.agent.id']) ?? text(attrs['resource.gen_ai.agent.id']),
  }
}

/**
 * The agent of one span's attributes. `namesById` (from namesOfIds over the same batch) names an
 * agent that a span declares by id alone.
 */
export function agentIdentity(
  attrs: Attributes,
  namesById?: ReadonlyMap<string, string>,
): AgentIdentity | null {
  const { name, id } = declared(attrs)
  const key = name ?? (id !== null ? (namesById?.get(id) ?? id) : null)
  if (key !== null) return { key, name: key, type: 'gen_ai.agent', declaredId: id }
  const service = text(attrs['resource.service.name'])
  return service ? { key: service, name: service, type: 'service', declaredId: null } : null
}

/** id → name for every span of a batch that declares both (first name wins). */
export function namesOfIds(all: Iterable<Attributes>): Map<string, string> {
  const out = new Map<string, string>()
  for (const attrs of all) {
    const { name, id } = declared(attrs)
    if (name !== null && id !== null && !out.has(id)) out.set(id, name)
  }
  return out
}

/** The attributes an agent record keeps about its identity (the declared id, when not the key). */
export function agentIdentityAttributes(a: AgentIdentity): Attributes | undefined {
  return a.declaredId !== null && a.declaredId !== a.key
    ? { 'gen_ai.agent.id': a.declaredId }
    : undefined
}
