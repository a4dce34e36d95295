// Aligning two runs' spans so that "the 3rd `tool.search` of `coder` under `plan.step` #2" in run
// A meets the same step in run B although ids, times and counts differ. A span's key is its
// parent's key plus (agent, name, ordinal among the parent's children with that agent and name,
// in start order). Everything is iterative: a million-span or a 100,000-deep run must not
// overflow the stack.

/** What alignment needs of a span (Span fits). */
export interface AlignSpan {
  spanId: string
  parentSpanId: string | null
  name: string
  agentId: string | null
  startTime: number
}

export interface Segment {
  agent: string | null
  name: string
  /** 1-based among siblings with the same agent and name */
  ordinal: number
}

/** One step of the merged tree: the span of each run at that position, when there is one. */
export interface AlignedStep<S extends AlignSpan> {
  /** position in the merged tree's depth-first order */
  index: number
  /** index of the step above it, null for a root */
  parentIndex: number | null
  depth: number
  segment: Segment
  a: S | null
  b: S | null
}

function byStart(a: AlignSpan, b: AlignSpan): number {
  return a.startTime - b.startTime || (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0)
}

/** Children of each span in start order; a span whose parent is not in the run is a root (null). */
function childrenOf<S extends AlignSpan>(spans: readonly S[]): Map<string | null, S[]> {
  const ids = new Set<string>()
  for (const s of spans) ids.add(s.spanId)
  const out = new Map<string | null, S[]>()
  for (const s of spans) {
    const p =
      s.parentSpanId !== null && s.parentSpanId !== s.spanId && ids.has(s.parentSpanId)
        ? s.parentSpanId
        : null
    let list = out.get(p)
    if (!list) out.set(p, (list = []))
    list.push(s)
  }
  for (const list of out.values()) list.sort(byStart)
  return out
}

interface Node<S extends AlignSpan> {
  parent: Node<S> | null
  depth: number
  segment: Segment
  a: S | null
  b: S | null
  /** children by agent, name and ordinal, in the order they were first met */
  kids: Map<string, Node<S>>
}

// The child key only has to be unique among siblings; U+001F does not occur in names people write
const SEP = '\u001f'

/** Walks one run depth-first, placing each span in the merged tree under its parent's node. */
function place<S extends AlignSpan>(root: Node<S>, spans: readonly S[], side: 'a' | 'b'): void {
  const kidsOf = childrenOf(spans)
  const seen = new Set<string>()
  const stack: Array<{ span: S; parent: Node<S> }> = []
  const push = (list: S[] | undefined, parent: Node<S>): void => {
    if (!list) return
    for (let i = list.length - 1; i >= 0; i--) stack.push({ span: list[i], parent })
  }
  // ordinals are counted per parent node while its children are placed, in start order
  const counts = new Map<Node<S>, Map<string, number>>()
  push(kidsOf.get(null), root)
  while (stack.length) {
    const { span, parent } = stack.pop()!
    if (seen.has(span.spanId)) continue // a duplicate id or a cycle: keep the first placement
    seen.add(span.spanId)
    let c = counts.get(parent)
    if (!c) counts.set(parent, (c = new Map()))
    const id = `${span.agentId ?? ''}${SEP}${span.name}`
    const ordinal = (c.get(id) ?? 0) + 1
    c.set(id, ordinal)
    const key = `${id}${SEP}${ordinal}`
    let node = parent.kids.get(key)
    if (!node) {
      node = {
        parent,
        depth: parent.depth + 1,
        segment: { agent: span.agentId, name: span.name, ordinal },
        a: null,
        b: null,
        kids: new Map(),
      }
      parent.kids.set(key, node)
    }
    node[side] = span
    push(kidsOf.get(span.spanId), node)
  }
}

/**
 * The merged tree of two runs in depth-first order: A's order, with each step only in B placed
 * after its siblings from A.
 */
export function alignRuns<S extends AlignSpan>(
  runA: readonly S[],
  runB: readonly S[],
): Array<AlignedStep<S>> {
  const root: Node<S> = {
    parent: null,
    depth: -1,
    segment: { agent: null, name: '', ordinal: 1 },
    a: null,
    b: null,
    kids: new Map(),
  }
  place(root, runA, 'a')
  place(root, runB, 'b')
  const out: Array<AlignedStep<S>> = []
  const stack: Array<{ node: Node<S>; parentIndex: number | null }> = []
  const pushKids = (n: Node<S>, parentIndex: number | null): void => {
    const kids = [...n.kids.values()]
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i], parentIndex })
  }
  pushKids(root, null)
  while (stack.length) {
    const { node, parentIndex } = stack.pop()!
    const index = out.length
    out.push({ index, parentIndex, depth: node.depth, segment: node.segment, a: node.a, b: node.b })
    pushKids(node, index)
  }
  return out
}

/** One level as people read it: `coder: tool.search #3` (the ordinal only when above 1). */
export function segmentText(s: Segment): string {
  return `${s.agent ? `${s.agent}: ` : ''}${s.name}${s.ordinal === 1 ? '' : ` #${s.ordinal}`}`
}

/** Each step's path from its root: `plan.step #2 › coder: tool.search #3`. */
export function pathsOf(steps: ReadonlyArray<AlignedStep<AlignSpan>>): string[] {
  const out: string[] = []
  for (const s of steps)
    out.push(
      s.parentIndex === null
        ? segmentText(s.segment)
        : `${out[s.parentIndex]} › ${segmentText(s.segment)}`,
    )
  return out
}
