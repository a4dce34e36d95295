// A minimal protobuf wire reader over one Buffer: varints, fixed-size fields, length-delimited
// ranges and skipping of unknown fields. Every read is bounds-checked against the end of the
// enclosing message, so a truncated or lying body throws a ProtoWireError instead of reading on.

export class ProtoWireError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ProtoWireError'
  }
}

const WIRE = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const

/** Buffer's per-encoding slice methods (in every Node release; what toString calls) */
interface FastSlices {
  utf8Slice(start: number, end: number): string
  base64Slice(start: number, end: number): string
}

export class ProtoWire {
  pos = 0
  /** the halves of the last varint64() */
  low = 0
  high = 0

  private readonly fast: FastSlices

  constructor(readonly buf: Buffer) {
    this.fast = buf as unknown as FastSlices
  }

  /** A varint's low 32 bits, unsigned (all its bytes are consumed, as protobuf requires). */
  varint32(end: number): number {
    const buf = this.buf
    let value = 0
    let shift = 0
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new ProtoWireError(`truncated varint at offset ${this.pos}`)
      const b = buf[this.pos++]
      if (shift < 32) value |= (b & 0x7f) << shift
      shift += 7
      if (b < 0x80) return value >>> 0
    }
    throw new ProtoWireError(`varint longer than 10 bytes at offset ${this.pos}`)
  }

  /** A 64-bit varint into `low`/`high` (two's complement halves). */
  varint64(end: number): void {
    const buf = this.buf
    let low = 0
    let high = 0
    for (let i = 0; i < 10; i++) {
      if (this.pos >= end) throw new ProtoWireError(`truncated varint at offset ${this.pos}`)
      const b = buf[this.pos++]
      if (i < 4) low |= (b & 0x7f) << (7 * i)
      else if (i === 4) {
        low |= (b & 0x0f) << 28
        high |= (b & 0x7f) >> 4
      } else high |= (b & 0x7f) << (7 * i - 32)
      if (b < 0x80) {
        this.low = low >>> 0
        this.high = high | 0
        return
      }
    }
    throw new ProtoWireError(`varint longer than 10 bytes at offset ${this.pos}`)
  }

  /** Reads a length prefix; returns where that field ends (checked against `end`). */
  delimited(end: number): number {
    const length = this.varint32(end)
    const stop = this.pos + length
    if (stop > end)
      throw new ProtoWireError(
        `field of ${length} bytes at offset ${this.pos} runs past its message (${end - this.pos} bytes left)`,
      )
    return stop
  }

  string(end: number): string {
    const stop = this.delimited(end)
    const s = this.text(this.pos, stop)
    this.pos = stop
    return s
  }

  /** UTF-8 text of [start, stop): Buffer's own slice method, without toString's argument handling
   * (which costs more than decoding the short strings OTLP is made of) */
  text(start: number, stop: number): string {
    return this.fast.utf8Slice(start, stop)
  }

  base64(start: number, stop: number): string {
    return this.fast.base64Slice(start, stop)
  }

  /** fixed64 into `low`/`high` */
  fixed64(end: number): void {
    if (this.pos + 8 > end) throw new ProtoWireError(`truncated fixed64 at offset ${this.pos}`)
    this.low = this.buf.readUInt32LE(this.pos)
    this.high = this.buf.readUInt32LE(this.pos + 4)
    this.pos += 8
  }

  double(end: number): number {
    if (this.pos + 8 > end) throw new ProtoWireError(`truncated double at offset ${this.pos}`)
    const d = this.buf.readDoubleLE(this.pos)
    this.pos += 8
    return d
  }

  /** Skips a field of an unknown number (groups included, as old senders may still emit them). */
  skip(wireType: number, end: number, depth = 0): void {
    switch (wireType) {
      case WIRE.VARINT:
        this.varint32(end)
        return
      case WIRE.I64:
        this.advance(8, end)
        return
      case WIRE.LEN:
        this.pos = this.delimited(end)
        return
      case WIRE.I32:
        this.advance(4, end)
        return
      case WIRE.SGROUP: {
        if (depth > 32) throw new ProtoWireError('groups nest deeper than 32 levels')
        for (;;) {
          const tag = this.varint32(end)
          if ((tag & 7) === WIRE.EGROUP) return
          this.skip(tag & 7, end, depth + 1)
        }
      }
      default:
        throw new ProtoWireError(`invalid wire type ${wireType} at offset ${this.pos}`)
    }
  }

  private advance(n: number, end: number): void {
    if (this.pos + n > end) throw new ProtoWireError(`truncated field at offset ${this.pos}`)
    this.pos += n
  }

  /** For a known field: its wire type must be the one its type is encoded with. */
  expect(wireType: number, want: number, field: string): void {
    if (wireType !== want)
      throw new ProtoWireError(`${field} has wire type ${wireType}, expected ${want}`)
  }
}
