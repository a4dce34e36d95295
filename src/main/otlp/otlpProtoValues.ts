// OTLP AnyValues and KeyValues in protobuf → plain attribute values, read off the wire (the
// protobuf twin of anyValue/keyValues in otlpValues.ts, with the same depth limit and messages).
import type { Attributes } from '../../shared/domain'
import { int64FromParts } from './otlpValues'
import type { ProtoWire } from './protoWire'

// wire types as constants of this module: an imported binding costs a property load per use,
// and a getter call when run through tsx's CommonJS interop, on the hottest lines
const VARINT = 0
const I64 = 1
const LEN = 2

/** An AnyValue nested past the limit; the path is filled in as the error unwinds. */
class DepthError extends Error {
  path = ''
}

const MAX_DEPTH = 32

/**
 * Field 1 (`values`) of an ArrayValue (into an array) or KeyValueList (into an object) ending at
 * `stop`. A plain loop, no callback: arrays sit in the per-span attribute path, and the element's
 * path for a DepthError is only built when one is thrown.
 */
function values(w: ProtoWire, stop: number, into: unknown[] | Attributes, depth: number): void {
  const isArray = Array.isArray(into)
  let i = 0
  while (w.pos < stop) {
    const t = w.varint32(stop)
    if (t >>> 3 !== 1) {
      w.skip(t & 7, stop)
      continue
    }
    w.expect(t & 7, LEN, isArray ? 'ArrayValue.values' : 'KeyValueList.values')
    const e = w.delimited(stop)
    try {
      if (isArray) into.push(anyValue(w, e, depth))
      else keyValue(w, e, into, '', depth)
    } catch (err) {
      if (err instanceof DepthError) {
        const step = isArray ? `.arrayValue.values[${i}]` : `.kvlistValue[${i}].value`
        err.path = `${step}${err.path}`
      }
      throw err
    }
    i++
    w.pos = e
  }
}

function anyValue(w: ProtoWire, end: number, depth: number): unknown {
  if (depth > MAX_DEPTH) throw new DepthError()
  let value: unknown = null
  while (w.pos < end) {
    const tag = w.varint32(end)
    const wt = tag & 7
    switch (tag >>> 3) {
      case 1:
        w.expect(wt, LEN, 'AnyValue.string_value')
        value = w.string(end)
        break
      case 2:
        w.expect(wt, VARINT, 'AnyValue.bool_value')
        value = w.varint32(end) !== 0
        break
      case 3:
        w.expect(wt, VARINT, 'AnyValue.int_value')
        w.varint64(end)
        value = int64FromParts(w.low, w.high, false)
        break
      case 4:
        w.expect(wt, I64, 'AnyValue.double_value')
        value = w.double(end)
        break
      case 5: {
        w.expect(wt, LEN, 'AnyValue.array_value')
        const list: unknown[] = []
        values(w, w.delimited(end), list, depth + 1)
        value = list
        break
      }
      case 6: {
        w.expect(wt, LEN, 'AnyValue.kvlist_value')
        const obj: Attributes = {}
        values(w, w.delimited(end), obj, depth + 1)
        value = obj
        break
      }
      case 7: {
        w.expect(wt, LEN, 'AnyValue.bytes_value')
        const stop = w.delimited(end)
        value = w.base64(w.pos, stop)
        w.pos = stop
        break
      }
      default:
        w.skip(wt, end)
    }
  }
  return value
}

/** One KeyValue into `into` (last key wins); leaves the reader at `end`. */
function keyValue(w: ProtoWire, end: number, into: Attributes, prefix: string, depth: number) {
  let key = ''
  let value: unknown = null
  while (w.pos < end) {
    const tag = w.varint32(end)
    const wt = tag & 7
    const field = tag >>> 3
    if (field === 1) {
      w.expect(wt, LEN, 'KeyValue.key')
      key = w.string(end)
    } else if (field === 2) {
      w.expect(wt, LEN, 'KeyValue.value')
      const e = w.delimited(end)
      value = anyValue(w, e, depth)
      w.pos = e
    } else w.skip(wt, end)
  }
  into[prefix + key] = value
}

/**
 * A repeated KeyValue field's element. A value nested too deep is not the body's fault: it
 * comes back as the message that rejects the span (or the request, for resource and scope);
 * the reader skips the rest of that KeyValue.
 */
export function attribute(
  w: ProtoWire,
  end: number,
  into: Attributes,
  prefix: string,
  field: string,
  i: number,
): string | null {
  const e = w.delimited(end)
  try {
    keyValue(w, e, into, prefix, 0)
    return null
  } catch (err) {
    if (!(err instanceof DepthError)) throw err
    w.pos = e
    return `${field}[${i}].value${err.path} nests deeper than ${MAX_DEPTH} levels`
  }
}
