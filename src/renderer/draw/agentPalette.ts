// One colour per agent, the same in every view. The colours themselves are the --agent-N
// variables in styles.css (a light and a dark set, each 4.5:1 as text on every surface, checked
// by test/renderer/palette.test.ts); this module decides which agent gets which slot, and hands
// DOM views a CSS value and canvases a resolved colour.
//
// Slots go by first appearance in the session's spans (the table's load order, which only ever
// appends), so an agent keeps its colour while a live session grows and in every view of it.

export const AGENT_SLOTS = 8

/** Agents of a session in order of first appearance; `agentIds` is the span table's column. */
export function agentsInOrder(agentIds: ReadonlyArray<string | null>): string[] {
  const seen = new Set<string>()
  for (const a of agentIds) if (a !== null && !seen.has(a)) seen.add(a)
  return [...seen]
}

/**
 * The slot of an agent: its place in `agents`, wrapping after AGENT_SLOTS. An agent the session's
 * spans do not name (a registry entry with no spans) gets a slot from its name, stable too.
 */
export function agentSlot(agents: ReadonlyArray<string>, agentId: string): number {
  const i = agents.indexOf(agentId)
  if (i >= 0) return i % AGENT_SLOTS
  let h = 0
  for (let k = 0; k < agentId.length; k++) h = (h * 31 + agentId.charCodeAt(k)) | 0
  return Math.abs(h) % AGENT_SLOTS
}

/** For DOM views: the CSS value of an agent's colour (follows the theme by itself). */
export function agentColourVar(agents: ReadonlyArray<string>, agentId: string): string {
  return `var(--agent-${agentSlot(agents, agentId)})`
}

/** For canvases: slot → colour, as styles.css resolves it for the current theme. */
export function readAgentColours(cs: CSSStyleDeclaration): string[] {
  const fallback = [
    '#076d97',
    '#7c6301',
    '#03753d',
    '#7950b7',
    '#077168',
    '#9b5305',
    '#0164c4',
    '#a93691',
  ]
  return fallback.map((f, i) => cs.getPropertyValue(`--agent-${i}`).trim() || f)
}

/** agent → slot for every agent of the session, for loops that colour many rows a frame. */
export function agentSlotMap(agents: ReadonlyArray<string>): Map<string, number> {
  return new Map(agents.map((a, i) => [a, i % AGENT_SLOTS]))
}
