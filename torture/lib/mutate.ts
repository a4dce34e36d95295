// Ways a database file gets damaged, as pure functions of (bytes, random): bit flips,
// truncation, zeroed pages, garbage pages, a wrong header field. Deterministic for a given seed.

export type Mutation =
  'bitflip' | 'truncate' | 'zero-pages' | 'garbage-page' | 'header' | 'not-sqlite'

export const MUTATIONS: Mutation[] = [
  'bitflip',
  'truncate',
  'zero-pages',
  'garbage-page',
  'header',
  'not-sqlite',
]

export function pageSizeOf(buf: Buffer): number {
  if (buf.length < 18) return 4096
  const v = buf.readUInt16BE(16)
  return v === 1 ? 65536 : v >= 512 && (v & (v - 1)) === 0 ? v : 4096
}

const int = (random: () => number, n: number) => Math.floor(random() * n)

/** Header fields worth lying about (offset, width in bytes), from the SQLite file format. */
const HEADER_FIELDS: Array<[number, number]> = [
  [0, 16], // magic
  [16, 2], // page size
  [18, 1], // write version
  [19, 1], // read version
  [20, 1], // reserved bytes per page
  [21, 3], // payload fractions
  [28, 4], // page count
  [32, 4], // first freelist trunk page
  [36, 4], // freelist page count
  [40, 4], // schema cookie
  [44, 4], // schema format
  [52, 4], // largest root page (auto-vacuum)
  [56, 4], // text encoding
  [60, 4], // user version
  [64, 4], // incremental vacuum
  [68, 4], // application id
  [96, 4], // SQLite version number
]

export function mutate(
  src: Buffer,
  kind: Mutation,
  random: () => number,
): { bytes: Buffer; detail: string } {
  const buf = Buffer.from(src)
  const page = pageSizeOf(buf)
  const pages = Math.max(1, Math.floor(buf.length / page))
  switch (kind) {
    case 'bitflip': {
      const flips = 1 + int(random, 16)
      // half of the flips land in the first pages, where the schema and the roots live
      for (let i = 0; i < flips; i++) {
        const at =
          random() < 0.5 ? int(random, Math.min(buf.length, page * 4)) : int(random, buf.length)
        buf[at] ^= 1 << int(random, 8)
      }
      return { bytes: buf, detail: `${flips} bits` }
    }
    case 'truncate': {
      const aligned = random() < 0.5
      const keep = aligned ? int(random, pages) * page : int(random, buf.length)
      return { bytes: buf.subarray(0, keep), detail: `${keep}/${buf.length} bytes` }
    }
    case 'zero-pages': {
      const n = 1 + int(random, 3)
      const which: number[] = []
      for (let i = 0; i < n; i++) {
        const p = random() < 0.2 ? 0 : int(random, pages)
        which.push(p + 1)
        buf.fill(0, p * page, Math.min(buf.length, (p + 1) * page))
      }
      return { bytes: buf, detail: `pages ${which.join(',')}` }
    }
    case 'garbage-page': {
      const p = 1 + int(random, Math.max(1, pages - 1))
      for (let i = p * page; i < Math.min(buf.length, (p + 1) * page); i++)
        buf[i] = int(random, 256)
      return { bytes: buf, detail: `page ${p + 1}` }
    }
    case 'header': {
      const [offset, width] = HEADER_FIELDS[int(random, HEADER_FIELDS.length)]
      for (let i = 0; i < width; i++) buf[offset + i] = random() < 0.3 ? 0xff : int(random, 256)
      return { bytes: buf, detail: `header bytes ${offset}..${offset + width - 1}` }
    }
    case 'not-sqlite': {
      const variants: Array<[string, () => Buffer]> = [
        ['empty', () => Buffer.alloc(0)],
        [
          'random bytes',
          () =>
            Buffer.from(Array.from({ length: 4096 + int(random, 60_000) }, () => int(random, 256))),
        ],
        ['json', () => Buffer.from(JSON.stringify({ resourceSpans: [], note: 'not a database' }))],
        ['text', () => Buffer.from('id,name\n1,two\n'.repeat(100))],
        [
          'gzip magic',
          () => Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), buf.subarray(4, 4096)]),
        ],
        ['magic only', () => Buffer.from('SQLite format 3\u0000')],
        ['header only', () => buf.subarray(0, 100)],
      ]
      const [name, make] = variants[int(random, variants.length)]
      return { bytes: make(), detail: name }
    }
  }
}
