// What the tracer stores when a span's attributes cannot be stored as they are (a BigInt, a
// circular object, megabytes of text): the span itself matters more than one attribute, so it is
// kept, with those values replaced, instead of being dropped with its place in the tree.
import type { Attributes } from '../shared/domain'

/** Per string value, then tighter if the whole set is still this large (the record limit is 1 MiB). */
const VALUE_CHARS = 64 * 1024
const TIGHT_VALUE_CHARS = 1024
const TOTAL_CHARS = 512 * 1024

export function safeAttributes(attrs: Attributes): Attributes {
  const text = serialize(attrs, VALUE_CHARS)
  return JSON.parse(text.length > TOTAL_CHARS ? serialize(attrs, TIGHT_VALUE_CHARS) : text)
}

function serialize(attrs: Attributes, valueChars: number): string {
  // the objects on the path from the root to the value being written: a value among them closes
  // a cycle (an object merely seen twice elsewhere is written twice, as JSON would)
  const path: object[] = []
  return JSON.stringify(attrs, function (this: unknown, _key: string, value: unknown) {
    if (typeof value === 'bigint') return value.toString()
    if (typeof value === 'string' && value.length > valueChars)
      return `${value.slice(0, valueChars)}… [${value.length - valueChars} more characters not stored]`
    if (typeof value !== 'object' || value === null) return value
    while (path.length > 0 && path[path.length - 1] !== this) path.pop()
    if (path.includes(value)) return '[Circular]'
    path.push(value)
    return value
  })
}
