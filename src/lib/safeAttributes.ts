// What the tracer stores when a span's attributes cannot be stored as they are (a BigInt, a
// circular object, megabytes of text): the span itself matters more than one attribute, so it is
// kept, with those values replaced, instead of being dropped with its place in the tree.
import type { Attributes, TraceRecord } from '../shared/domain'
import { MAX_NESTING, TOO_DEEP } from '../shared/nesting'

/** Per string value, then tighter if the whole set is still this large (the record limit is 1 MiB). */
const VALUE_CHARS = 64 * 1024
const TIGHT_VALUE_CHARS = 1024
const TOTAL_BYTES = 512 * 1024
/**
 * A record's own text fields (name, status or error message, stack) in the fallback: four of them
 * at 3 UTF-8 bytes a character plus the attributes' 512 KiB stay under the 1 MiB record limit.
 */
const FIELD_CHARS = 16 * 1024
/** the attribute that says how many attributes were left out */
export const MORE_ATTRIBUTES_KEY = '…'

export function safeAttributes(attrs: Attributes): Attributes {
  let text = serialize(attrs, VALUE_CHARS)
  if (Buffer.byteLength(text) > TOTAL_BYTES) text = serialize(attrs, TIGHT_VALUE_CHARS)
  if (Buffer.byteLength(text) <= TOTAL_BYTES) return JSON.parse(text)
  return bounded(attrs)
}

/**
 * Still too large with every string cut (many keys, a long array of numbers): a value whose
 * JSON is longer than a cut string becomes that JSON text, cut; the attributes are kept in order
 * while they fit, and one more says how many were left out.
 */
function bounded(attrs: Attributes): Attributes {
  const out: Attributes = {}
  const keys = Object.keys(attrs)
  let bytes = 2
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]
    const json: string | undefined = serialize(attrs[key], TIGHT_VALUE_CHARS)
    if (json === undefined) continue // a function or undefined: JSON leaves it out as well
    // strings are already cut by serialize; an object or array is cut as text
    const whole = typeof attrs[key] !== 'object' || json.length <= TIGHT_VALUE_CHARS
    const value: unknown = whole ? json : cut(json, TIGHT_VALUE_CHARS)
    const size =
      Buffer.byteLength(JSON.stringify(key)) +
      Buffer.byteLength(whole ? json : JSON.stringify(value))
    // room is kept for the count of the attributes left out
    if (bytes + size + 1 > TOTAL_BYTES - 64) {
      out[MORE_ATTRIBUTES_KEY] = `[${keys.length - i} more attributes not stored]`
      break
    }
    out[key] = whole ? JSON.parse(json) : value
    bytes += size + 1
  }
  return out
}

/** The record with its attributes, and its own text fields, replaced as the fallback describes. */
export function safeRecord(record: TraceRecord): TraceRecord {
  switch (record.kind) {
    case 'span':
      return {
        ...record,
        name: cutField(record.name),
        statusMessage: cutField(record.statusMessage),
        attributes: safeAttributes(record.attributes ?? {}),
      }
    case 'event':
      return {
        ...record,
        name: cutField(record.name),
        message: cutField(record.message),
        attributes: safeAttributes(record.attributes ?? {}),
      }
    case 'error':
      return {
        ...record,
        message: cutField(record.message),
        // the frames are at the end of a stack whose message is huge: keep both ends
        stack:
          typeof record.stack === 'string' && record.stack.length > FIELD_CHARS
            ? `${record.stack.slice(0, FIELD_CHARS / 2)}… [${record.stack.length - FIELD_CHARS} more characters not stored]\n${record.stack.slice(-FIELD_CHARS / 2)}`
            : record.stack,
      }
    default:
      return record
  }
}

function cutField<T>(value: T): T {
  return (typeof value === 'string' && value.length > FIELD_CHARS
    ? cut(value, FIELD_CHARS)
    : value) as unknown as T
}

function cut(value: string, chars: number): string {
  return `${value.slice(0, chars)}… [${value.length - chars} more characters not stored]`
}

function serialize(value: unknown, valueChars: number): string {
  // the objects on the path from the root to the value being written: a value among them closes
  // a cycle (an object merely seen twice elsewhere is written twice, as JSON would)
  const path: object[] = []
  return JSON.stringify(value, function (this: unknown, _key: string, value: unknown) {
    if (typeof value === 'bigint') return value.toString()
    if (typeof value === 'string' && value.length > valueChars) return cut(value, valueChars)
    if (typeof value !== 'object' || value === null) return value
    while (path.length > 0 && path[path.length - 1] !== this) path.pop()
    if (path.includes(value)) return '[Circular]'
    // the store refuses values nested deeper than this (and JSON.stringify overflows far below)
    if (path.length > MAX_NESTING) return TOO_DEEP
    path.push(value)
    return value
  })
}
