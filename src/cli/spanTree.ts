// A session's spans as an indented tree (pure): children under parents in start order; spans
// whose parent is not in the set become roots, so a partial or filtered set still shows.

import type { Span } from '../shared/domain'
import { STATUS_MARK, formatDuration } from './format'

export interface TreeNode {
  span: Span
  children: TreeNode[]
}

export function buildTree(spans: Span[]): TreeNode[] {
  const nodes = new Map<string, TreeNode>()
  for (const s of spans) nodes.set(s.spanId, { span: s, children: [] })
  const roots: TreeNode[] = []
  for (const s of spans) {
    const node = nodes.get(s.spanId)!
    const parent =
      s.parentSpanId !== null && s.parentSpanId !== s.spanId ? nodes.get(s.parentSpanId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const byStart = (a: TreeNode, b: TreeNode): number => a.span.startTime - b.span.startTime
  const todo: TreeNode[][] = [roots]
  while (todo.length) {
    const list = todo.pop()!
    list.sort(byStart)
    for (const n of list) if (n.children.length) todo.push(n.children)
  }
  return roots
}

/** Lines like `├─ ✓ tool.call  120ms  [coder]`, iteratively (deep trees must not blow the stack). */
export function renderTree(roots: TreeNode[], originMs: number | null): string[] {
  const lines: string[] = []
  const stack: Array<{ node: TreeNode; prefix: string; last: boolean; top: boolean }> = []
  for (let i = roots.length - 1; i >= 0; i--)
    stack.push({ node: roots[i], prefix: '', last: i === roots.length - 1, top: true })
  while (stack.length) {
    const { node, prefix, last, top } = stack.pop()!
    const s = node.span
    const branch = top ? '' : last ? '└─ ' : '├─ '
    const delta = originMs !== null ? s.startTime - originMs : null
    const parts = [`${STATUS_MARK[s.status] ?? '·'} ${s.name}`]
    parts.push(
      s.endTime === null ? 'running' : formatDuration(s.durationMs ?? s.endTime - s.startTime),
    )
    if (delta !== null) parts.push(`${delta < 0 ? '-' : '+'}${formatDuration(Math.abs(delta))}`)
    if (s.agentId) parts.push(`[${s.agentId}]`)
    if (s.status === 'error' && s.statusMessage)
      parts.push(`— ${s.statusMessage.replace(/\s+/g, ' ').slice(0, 120)}`)
    lines.push(`${prefix}${branch}${parts.join('  ')}`)
    const childPrefix = top ? prefix : prefix + (last ? '   ' : '│  ')
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push({
        node: node.children[i],
        prefix: childPrefix,
        last: i === node.children.length - 1,
        top: false,
      })
  }
  return lines
}

/** The tree as nested JSON for --json. */
export function treeJson(roots: TreeNode[]): unknown[] {
  const out: unknown[] = []
  const stack: Array<{ node: TreeNode; into: unknown[] }> = roots
    .map((node) => ({ node, into: out }))
    .reverse()
  while (stack.length) {
    const { node, into } = stack.pop()!
    const children: unknown[] = []
    into.push({ ...node.span, children })
    for (let i = node.children.length - 1; i >= 0; i--)
      stack.push({ node: node.children[i], into: children })
  }
  return out
}
