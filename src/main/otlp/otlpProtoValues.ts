// OTLP AnyValues and KeyValues in protobuf → plain attribute values, read off the wire (the
// protobuf twin of anyValue/keyValues in otlpValues.ts, with the same depth limit and messages).
import type { Attributes } from '../../shared/domain'
import { intValue } from './otlpValues'
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
 * Each element of field 1 (`values`) of an ArrayValue or KeyValueList ending at `stop`: `visit`
 * gets the element's end and index, and the reader continues after the element.
 */
function eachValue(
  w: ProtoWire,
  stop: number,
  field: string,
  visit: (end: number, i: number) => void,
): void {
  let i = 0
  while (w.pos < stop) {
    const t = w.varint32(stop)
    if (t >>> 3 !== 1) {
      w.skip(t & 7, stop)
      continue
    }
    w.expect(t & 7, LEN, field)
    const e = w.delimited(stop)
    visit(e, i++)
    w.pos = e
  }
}

/** runs `read`, prefixing `step` to the path of a DepthError it throws */
function within(step: string, read: () => unknown): void {
  try {
    read()
  } catch (err) {
    if (err instanceof DepthError) err.path = `${step}${err.path}`
    throw err
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
        value = intValue({ low: w.low, high: w.high, unsigned: false }, 'int_value')
        break
      case 4:
        w.expect(wt, I64, 'AnyValue.double_value')
        value = w.double(end)
        break
      case 5: {
        w.expect(wt, LEN, 'AnyValue.array_value')
        const list: unknown[] = []
        eachValue(w, w.delimited(end), 'ArrayValue.values', (e, i) =>
          within(`.arrayValue.values[${i}]`, () => list.push(anyValue(w, e, depth + 1))),
        )
        value = list
        break
      }
      case 6: {
        w.expect(wt, LEN, 'AnyValue.kvlist_value')
        const obj: Attributes = {}
        eachValue(w, w.delimited(end), 'KeyValueList.values', (e, i) =>
          within(`.kvlistValue[${i}].value`, () => keyValue(w, e, obj, '', depth + 1)),
        )
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
