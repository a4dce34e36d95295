// Reads one big JSON document `{ "key": [ {...}, {...} ], "other": "value" }` chunk by chunk and
// hands out each element of the top-level arrays as its own JSON text, so importing a multi-GB
// export holds one element at a time. Only the shape our formats use is supported: a top-level
// object whose arrays hold objects (or arrays); anything else is reported with its position.

type State =
  | 'start'
  | 'expectKey'
  | 'inKey'
  | 'expectColon'
  | 'expectValue'
  | 'inValue'
  | 'arrayBetween'
  | 'inElement'
  | 'afterValue'
  | 'end'

const WS = new Set([0x20, 0x0a, 0x0d, 0x09])

export interface SplitterHandlers {
  /** one element of the top-level array under `key` */
  item(key: string, json: string): void
  /** a top-level value that is not an array (format, filter, …) */
  value(key: string, json: string): void
}

export class JsonStreamSplitter {
  private state: State = 'start'
  private depth = 0
  private inStr = false
  private esc = false
  private key = ''
  private pieces: string[] = []
  private pos = 0
  /** depth at which the value being captured started */
  private baseDepth = 0

  constructor(private readonly on: SplitterHandlers) {}

  push(chunk: string): void {
    let start = this.capturing() ? 0 : -1
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i)
      if (this.inStr) {
        if (this.esc) this.esc = false
        else if (c === 0x5c) this.esc = true
        else if (c === 0x22) {
          this.inStr = false
          if (this.state === 'inKey') {
            this.pieces.push(chunk.slice(start, i + 1))
            this.key = JSON.parse(this.pieces.join('')) as string
            this.pieces = []
            start = -1
            this.state = 'expectColon'
          } else if (this.state === 'inValue' && this.depth === this.baseDepth) {
            // a top-level string value ends here
            this.pieces.push(chunk.slice(start, i + 1))
            this.emitValue()
            start = -1
          }
        }
        continue
      }
      if (WS.has(c)) {
        if (this.state === 'inValue' && this.depth === this.baseDepth && start >= 0) {
          this.pieces.push(chunk.slice(start, i))
          this.emitValue()
          start = -1
        }
        continue
      }
      switch (this.state) {
        case 'start':
          if (c !== 0x7b) this.fail(chunk, i, 'expected a JSON object')
          this.depth = 1
          this.state = 'expectKey'
          break
        case 'expectKey':
          if (c === 0x7d) {
            this.depth = 0
            this.state = 'end'
          } else if (c === 0x22) {
            this.inStr = true
            this.state = 'inKey'
            start = i
          } else this.fail(chunk, i, 'expected a key')
          break
        case 'expectColon':
          if (c !== 0x3a) this.fail(chunk, i, 'expected ":"')
          this.state = 'expectValue'
          break
        case 'expectValue':
          if (c === 0x5b) {
            this.depth = 2
            this.state = 'arrayBetween'
          } else {
            this.state = 'inValue'
            this.baseDepth = 1
            start = i
            if (c === 0x22) this.inStr = true
            else if (c === 0x7b || c === 0x5b) this.depth++
          }
          break
        case 'inValue':
          if (this.depth === this.baseDepth && (c === 0x2c || c === 0x7d)) {
            // end of a number/literal value
            this.pieces.push(chunk.slice(start, i))
            this.emitValue()
            start = -1
            this.afterValue(c)
          } else if (c === 0x22) this.inStr = true
          else if (c === 0x7b || c === 0x5b) this.depth++
          else if (c === 0x7d || c === 0x5d) {
            this.depth--
            if (this.depth === this.baseDepth) {
              this.pieces.push(chunk.slice(start, i + 1))
              this.emitValue()
              start = -1
            }
          }
          break
        case 'afterValue':
          this.afterValue(c, chunk, i)
          break
        case 'arrayBetween':
          if (c === 0x2c) break
          if (c === 0x5d) {
            this.depth = 1
            this.state = 'afterValue'
          } else if (c === 0x7b || c === 0x5b) {
            this.depth = 3
            this.state = 'inElement'
            start = i
          } else this.fail(chunk, i, `expected objects in "${this.key}"`)
          break
        case 'inElement':
          if (c === 0x22) this.inStr = true
          else if (c === 0x7b || c === 0x5b) this.depth++
          else if (c === 0x7d || c === 0x5d) {
            this.depth--
            if (this.depth === 2) {
              this.pieces.push(chunk.slice(start, i + 1))
              const json = this.pieces.join('')
              this.pieces = []
              start = -1
              this.state = 'arrayBetween'
              this.on.item(this.key, json)
            }
          }
          break
        case 'end':
          this.fail(chunk, i, 'unexpected text after the end of the document')
      }
    }
    if (start >= 0 && this.capturing()) this.pieces.push(chunk.slice(start))
    this.pos += chunk.length
  }

  /** Call at the end of input: throws if the document was cut short. */
  end(): void {
    if (this.state !== 'end')
      throw new Error(`JSON document ends early (at character ${this.pos}; was it truncated?)`)
  }

  private capturing(): boolean {
    return this.state === 'inKey' || this.state === 'inValue' || this.state === 'inElement'
  }

  private emitValue(): void {
    const json = this.pieces.join('')
    this.pieces = []
    this.state = 'afterValue'
    this.on.value(this.key, json)
  }

  private afterValue(c: number, chunk?: string, i?: number): void {
    if (c === 0x2c) this.state = 'expectKey'
    else if (c === 0x7d) {
      this.depth = 0
      this.state = 'end'
    } else this.fail(chunk ?? '', i ?? 0, 'expected "," or "}"')
  }

  private fail(chunk: string, i: number, what: string): never {
    const near = chunk.slice(Math.max(0, i - 20), i + 20).replace(/\s+/g, ' ')
    throw new Error(`not valid JSON at character ${this.pos + i}: ${what} (near "${near}")`)
  }
}
