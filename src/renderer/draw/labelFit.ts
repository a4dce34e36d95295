// Fitting a row's span name and agent name into the waterfall's label column, measured (the
// canvas' measureText) rather than counted in characters. The agent name used to get a fixed
// 13 characters however short the span name beside it was, so `swarm-2-worker` read
// `swar…2-worker` next to a lot of empty room.
import { cutMiddle } from '../lib/format'

/** the room an agent name always has, however long the span name beside it */
export const AGENT_MIN_W = 96
/** space between the span name and the agent name */
const GAP = 10

/** `text` whole if it fits in `room` pixels, else its start and "…". */
export function fitEnd(text: string, room: number, measure: (s: string) => number): string {
  if (measure(text) <= room) return text
  return longestFit(text.length - 1, (keep) => `${text.slice(0, keep)}…`, room, measure)
}

/**
 * `text` whole if it fits in `room` pixels, else cut in the middle (cutMiddle: both ends stay,
 * agent ids often share a prefix and differ at the end).
 */
export function fitMiddle(text: string, room: number, measure: (s: string) => number): string {
  if (measure(text) <= room) return text
  // cutMiddle counts the "…" in its length: keep + 1 characters
  return longestFit(text.length - 1, (keep) => cutMiddle(text, keep + 1), room, measure)
}

/**
 * The longest `cut(keep)` (keep = 1..max characters kept) that fits, or '': a binary search,
 * since the canvas measures every try and a row is drawn on every frame while scrolling.
 */
function longestFit(
  max: number,
  cut: (keep: number) => string,
  room: number,
  measure: (s: string) => number,
): string {
  let lo = 0
  let hi = max
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (measure(cut(mid)) <= room) lo = mid
    else hi = mid - 1
  }
  return lo > 0 ? cut(lo) : ''
}

/**
 * The span name (from `nameX`) and the agent name (right-aligned at `right`) of one row: the
 * span name may use all but AGENT_MIN_W, the agent name everything the span name left over.
 */
export function fitRowLabels(
  name: string,
  agent: string | null,
  nameX: number,
  right: number,
  measure: (s: string) => number,
): { name: string; agent: string } {
  if (agent === null) return { name: fitEnd(name, right - nameX, measure), agent: '' }
  const shown = fitEnd(name, right - nameX - AGENT_MIN_W, measure)
  const agentRoom = right - nameX - (shown ? measure(shown) + GAP : 0)
  return { name: shown, agent: fitMiddle(agent, agentRoom, measure) }
}
