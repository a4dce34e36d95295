// Draws resources/icon.png (512×512): a waterfall of coloured span bars on a dark rounded
// square — what Tracescope shows. Plain RGBA written as a PNG with zlib; no image libraries.
// Run: npx tsx scripts/makeIcon.ts
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'

const SIZE = 512

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf: Buffer): number {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(width, 0)
  ihdr.writeUInt32BE(height, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height)
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0 // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(
      raw,
      y * (width * 4 + 1) + 1,
    )
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

type RGB = [number, number, number]

/** inside a rounded rectangle, with 1 px of anti-aliasing at the corners */
function coverage(
  x: number,
  y: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  r: number,
): number {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r)
  const cy = Math.min(Math.max(y, y0 + r), y1 - r)
  const d = Math.hypot(x - cx, y - cy)
  if (x < x0 || x > x1 || y < y0 || y > y1) return 0
  return Math.max(0, Math.min(1, r + 0.5 - d))
}

export function drawIcon(size = SIZE): Uint8Array {
  const px = new Uint8Array(size * size * 4)
  const s = size / 512
  const bg: RGB = [22, 24, 29]
  const bars: Array<[number, number, number, RGB]> = [
    // x0, x1, row, colour: a parent span and its children, one failing
    [72, 440, 0, [94, 129, 244]],
    [104, 260, 1, [72, 187, 160]],
    [180, 330, 2, [72, 187, 160]],
    [250, 400, 3, [240, 180, 70]],
    [300, 420, 4, [232, 84, 84]],
  ]
  const blend = (i: number, c: RGB, a: number) => {
    for (let k = 0; k < 3; k++) px[i + k] = Math.round(px[i + k] * (1 - a) + c[k] * a)
    px[i + 3] = Math.max(px[i + 3], Math.round(a * 255))
  }
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const i = (y * size + x) * 4
      const a = coverage(x + 0.5, y + 0.5, 16 * s, 16 * s, 496 * s, 496 * s, 96 * s)
      if (a <= 0) continue
      blend(i, bg, a)
      for (const [x0, x1, row, colour] of bars) {
        const top = (112 + row * 62) * s
        const b = coverage(x + 0.5, y + 0.5, x0 * s, top, x1 * s, top + 40 * s, 12 * s)
        if (b > 0) blend(i, colour, b * a)
      }
    }
  }
  return px
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const out = path.resolve(__dirname, '../resources/icon.png')
  fs.writeFileSync(out, encodePng(SIZE, SIZE, drawIcon(SIZE)))
  console.log(`wrote ${path.relative(process.cwd(), out)} (${SIZE}×${SIZE})`)
}
