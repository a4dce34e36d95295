// Reads JSON documents chunk by chunk (bytes, not decoded text) and hands out the values a shape
// names as their own JSON text, so an import of any size holds one such value at a time:
// `{"resourceSpans":[{"resource":…,"scopeSpans":[{"scope":…,"spans":[{…},{…}]}]}]}` walks down
// to each span however many spans one resource holds, and JSON Lines / concatenated documents
// are read as a sequence of documents, whatever a line's length.
//
// Hand-written rather than stream-json: stream-json 3.8.0 (installs on Node 20) parsed a
// 132 MB OTLP document of 200,000 spans in 57 s, 3.5× the 16 s JSON.parse took on the whole text
// in the same minute (load average 12); its token-per-value pipeline cannot reach an import at
// half the rate of a plain SQLite insert. This splitter only finds where each value starts and
// ends (memchr-speed Buffer.indexOf over strings) and leaves parsing to JSON.parse, per value.
//
// Structural bytes of JSON are ASCII and never occur inside a UTF-8 multi-byte sequence, so the
// scan works on raw bytes and decodes only the values it hands out. Syntax inside a handed-out
// value is left to JSON.parse; the structure around it is checked here, with line and byte.

/** What to do with a value: walk into it, hand it out, or (not named) skip it. */
export type Shape =
  | { object: Record<string, Shape>; name?: string }
  | { array: Shape; name?: string }
  | { leaf: string }

export interface SplitterHandlers {
  /** a value a `leaf` shape names: its JSON text and the 1-based line it starts on */
  value(name: string, json: string, line: number): void
  /** a named object/array starts (the document itself when the root shape has a name) */
  open?(name: string, line: number): void
  /** a named object/array ends */
  close?(name: string): void
  /** a key of a document's top-level object (format detection reads these) */
  key?(name: string): void
}

interface Frame {
  shape: Shape
  isObject: boolean
  /** object: 0 expect key or '}', 1 expect key, 2 expect ':', 3 expect value, 4 expect ',' or '}'
   *  array:  0 expect value or ']', 3 expect value, 4 expect ',' or ']' */
  state: number
  /** shape of the value the current key names (undefined: skip it) */
  child: Shape | undefined
}

const enum Raw {
  None,
  Nested,
  Str,
  Scalar,
}

const isWs = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09

export class JsonStreamSplitter {
  private stack: Frame[] = []
  /** bytes handed in before the current chunk */
  private pos = 0
  private line = 1
  private documents = 0
  private started = false
  // the value being scanned raw (handed out, skipped, or an object key)
  private raw = Raw.None
  private rawDepth = 0
  private rawInStr = false
  /** an odd run of backslashes ended the previous chunk inside a string */
  private rawEsc = false
  private rawLeaf: string | null = null
  private rawIsKey = false
  private rawLine = 0
  private pieces: Buffer[] = []
  private capture = false

  constructor(
    private readonly root: Shape,
    private readonly on: SplitterHandlers,
  ) {}

  /** documents seen so far (JSON Lines: one a line) */
  get documentCount(): number {
    return this.documents
  }

  /** 1-based line the scan has reached */
  get currentLine(): number {
    return this.line
  }

  push(buf: Buffer): void {
    let i = 0
    const n = buf.length
    if (n === 0) return
    if (!this.started) {
      this.started = true
      if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3 // BOM
    }
    if (this.raw !== Raw.None) i = this.scanRaw(buf, i)
    while (i < n) {
      const c = buf[i]
      if (isWs(c)) {
        if (c === 0x0a) this.line++
        i++
        continue
      }
      const top = this.stack[this.stack.length - 1]
      if (!top) {
        i = this.startValue(buf, i, this.root)
        continue
      }
      if (top.isObject) {
        switch (top.state) {
          case 0:
          case 1:
            if (c === 0x7d && top.state === 0) {
              i = this.closeFrame(i)
              continue
            }
            if (c !== 0x22) this.fail(buf, i, 'expected a key in quotes')
            top.state = 2
            this.rawIsKey = true
            this.capture = true
            this.rawLeaf = null
            this.raw = Raw.Str
            this.rawInStr = false
            i = this.scanRaw(buf, i)
            continue
          case 2:
            if (c !== 0x3a) this.fail(buf, i, 'expected ":" after a key')
            top.state = 3
            i++
            continue
          case 3:
            top.state = 4
            i = this.startValue(buf, i, top.child)
            continue
          default:
            if (c === 0x2c) top.state = 1
            else if (c === 0x7d) {
              i = this.closeFrame(i)
              continue
            } else this.fail(buf, i, 'expected "," or "}"')
            i++
            continue
        }
      }
      // array frame
      if (top.state === 4) {
        if (c === 0x2c) top.state = 3
        else if (c === 0x5d) {
          i = this.closeFrame(i)
          continue
        } else this.fail(buf, i, 'expected "," or "]"')
        i++
        continue
      }
      if (c === 0x5d && top.state === 0) {
        i = this.closeFrame(i)
        continue
      }
      top.state = 4
      i = this.startValue(buf, i, (top.shape as { array: Shape }).array)
    }
    this.pos += n
  }

  /** Call at the end of input: throws if a document was cut short. */
  end(): void {
    if (this.raw !== Raw.None || this.stack.length > 0)
      throw new Error(
        `JSON ends early at line ${this.line} (byte ${this.pos.toLocaleString('en')}; was the file cut short?)`,
      )
  }

  private startValue(buf: Buffer, i: number, shape: Shape | undefined): number {
    const c = buf[i]
    if (shape && 'object' in shape) {
      if (c !== 0x7b) this.fail(buf, i, `expected an object${shape.name ? ` (${shape.name})` : ''}`)
      this.stack.push({ shape, isObject: true, state: 0, child: undefined })
      if (shape.name) this.on.open?.(shape.name, this.line)
      return i + 1
    }
    if (shape && 'array' in shape) {
      if (c !== 0x5b) this.fail(buf, i, `expected an array${shape.name ? ` (${shape.name})` : ''}`)
      this.stack.push({ shape, isObject: false, state: 0, child: undefined })
      if (shape.name) this.on.open?.(shape.name, this.line)
      return i + 1
    }
    this.rawLeaf = shape ? shape.leaf : null
    this.capture = shape !== undefined
    this.rawIsKey = false
    this.rawLine = this.line
    this.rawDepth = 0
    this.rawInStr = false
    if (c === 0x7b || c === 0x5b) this.raw = Raw.Nested
    else if (c === 0x22) this.raw = Raw.Str
    else if (c === 0x7d || c === 0x5d || c === 0x2c || c === 0x3a)
      this.fail(buf, i, 'expected a value')
    else this.raw = Raw.Scalar
    return this.scanRaw(buf, i)
  }

  private closeFrame(i: number): number {
    const f = this.stack.pop()!
    const name = (f.shape as { name?: string }).name
    if (name) this.on.close?.(name)
    if (this.stack.length === 0) this.documents++
    return i + 1
  }

  /**
   * Scans the raw value from `i` (its first byte, or the chunk's start when it began in an
   * earlier chunk) to its end; returns the index after it, or the chunk's length if it goes on.
   */
  private scanRaw(buf: Buffer, i: number): number {
    const n = buf.length
    const from = i
    let end = -1
    if (this.raw === Raw.Scalar) {
      for (; i < n; i++) {
        const c = buf[i]
        if (c === 0x2c || c === 0x7d || c === 0x5d || isWs(c)) {
          end = i
          break
        }
      }
    } else if (this.raw === Raw.Str) {
      // a string value or key: its opening quote is at i when it starts in this chunk
      let j = i
      if (!this.rawInStr) {
        this.rawInStr = true
        j = i + 1
      }
      const close = this.stringEnd(buf, j)
      if (close < 0) return this.carry(buf, from, n)
      this.rawInStr = false
      end = close + 1
    } else {
      let depth = this.rawDepth
      if (this.rawInStr) {
        const close = this.stringEnd(buf, i)
        if (close < 0) return this.carry(buf, from, n)
        this.rawInStr = false
        i = close + 1
      }
      for (; i < n; i++) {
        const c = buf[i]
        if (c === 0x22) {
          const close = this.stringEnd(buf, i + 1)
          if (close < 0) {
            this.rawInStr = true
            this.rawDepth = depth
            return this.carry(buf, from, n)
          }
          i = close
        } else if (c === 0x7b || c === 0x5b) depth++
        else if (c === 0x7d || c === 0x5d) {
          if (--depth === 0) {
            end = i + 1
            break
          }
        } else if (c === 0x0a) this.line++
      }
      this.rawDepth = depth
    }
    if (end < 0) return this.carry(buf, from, n)
    this.finishRaw(buf, from, end)
    return end
  }

  /**
   * Index of the closing quote of a string whose content goes on at `i`, or -1 if it goes past
   * the chunk (then `rawEsc` says whether the chunk ended on an unpaired backslash).
   */
  private stringEnd(buf: Buffer, i: number): number {
    if (this.rawEsc) {
      this.rawEsc = false
      i++ // the escaped byte, whatever it is
    }
    const start = i
    for (;;) {
      const q = buf.indexOf(0x22, i)
      if (q < 0) {
        let k = buf.length - 1
        while (k >= start && buf[k] === 0x5c) k--
        this.rawEsc = ((buf.length - 1 - k) & 1) === 1
        return -1
      }
      let k = q - 1
      while (k >= start && buf[k] === 0x5c) k--
      if (((q - 1 - k) & 1) === 0) return q
      i = q + 1
    }
  }

  private carry(buf: Buffer, from: number, n: number): number {
    if (this.capture && from < n) this.pieces.push(Buffer.from(buf.subarray(from, n)))
    return n
  }

  private finishRaw(buf: Buffer, from: number, end: number): void {
    this.raw = Raw.None
    if (!this.capture) return
    let text: string
    if (this.pieces.length) {
      this.pieces.push(buf.subarray(from, end))
      text = Buffer.concat(this.pieces).toString('utf8')
      this.pieces = []
    } else text = buf.toString('utf8', from, end)
    if (this.rawIsKey) {
      this.rawIsKey = false
      const key = text.includes('\\') ? (JSON.parse(text) as string) : text.slice(1, -1)
      const top = this.stack[this.stack.length - 1]
      const named = (top.shape as { object: Record<string, Shape> }).object
      top.child = Object.hasOwn(named, key) ? named[key] : undefined
      if (this.stack.length === 1) this.on.key?.(key)
      return
    }
    if (this.stack.length === 0) this.documents++
    this.on.value(this.rawLeaf!, text, this.rawLine)
  }

  private fail(buf: Buffer, i: number, what: string): never {
    const near = buf
      .toString('utf8', Math.max(0, i - 20), Math.min(buf.length, i + 20))
      .replace(/\s+/g, ' ')
    throw new Error(
      `not valid JSON at line ${this.line} (byte ${(this.pos + i).toLocaleString('en')}): ${what} (near "${near}")`,
    )
  }
}
