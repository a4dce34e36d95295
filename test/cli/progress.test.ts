import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { Progress } from '../../src/cli/progress'

function sink(tty: boolean): { out: PassThrough & { isTTY?: boolean }; text: () => string } {
  const out = new PassThrough() as PassThrough & { isTTY?: boolean }
  out.isTTY = tty
  let text = ''
  out.on('data', (c: Buffer) => (text += c.toString()))
  return { out, text: () => text }
}

describe('Progress', () => {
  it('stays silent for the first second, then throttles lines into a pipe', () => {
    let now = 0
    const { out, text } = sink(false)
    const p = new Progress(out, () => now)
    p.update('a')
    now = 500
    p.update('b')
    now = 1000
    p.update('c')
    now = 1500
    p.update('d') // within a second of the last line
    now = 2100
    p.update('e')
    p.done()
    expect(text()).toBe('c\ne\n')
  })

  it('rewrites one line on a terminal and ends it when done', () => {
    let now = 2000
    const { out, text } = sink(true)
    const p = new Progress(out, () => now - 2000)
    now = 3200
    p.update('x')
    now = 3400
    p.update('y')
    p.done()
    expect(text()).toBe('\r\x1b[2Kx\r\x1b[2Ky\n')
  })

  it('shows the last message of a single long step once the second is up', async () => {
    const { out, text } = sink(false)
    const p = new Progress(out)
    p.update('vacuuming…')
    await new Promise((r) => setTimeout(r, 1100))
    p.done()
    expect(text()).toBe('vacuuming…\n')
  })
})
