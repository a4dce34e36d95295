// Questions callers ask about a parsed filter: is it only free text (then the viewer's search
// keeps using the full-text index and its hits of every kind), and which text is that.
import type { FilterNode } from './filterAst'

/** true when the tree is free-text terms joined by `and` (what a find box typed before the language). */
export function isPlainText(node: FilterNode | null): boolean {
  if (node === null) return true
  if (node.type === 'text') return true
  return node.type === 'and' && node.items.every((i) => i.type === 'text')
}

/** The free-text terms of a plain-text tree, space-separated; '' for an empty filter. */
export function plainTextOf(node: FilterNode | null): string {
  if (node === null) return ''
  if (node.type === 'text') return node.value
  if (node.type === 'and') return node.items.map(plainTextOf).join(' ')
  return ''
}

/** true when a free-text term appears anywhere in the tree (sources differ in how they match it). */
export function hasFreeText(node: FilterNode | null): boolean {
  if (node === null) return false
  switch (node.type) {
    case 'text':
      return true
    case 'and':
    case 'or':
      return node.items.some(hasFreeText)
    case 'not':
      return hasFreeText(node.item)
    default:
      return false
  }
}
