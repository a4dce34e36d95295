// TextSink over a stream that fails part-way (a full disk): the export must fail, not hang.
import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { TextSink } from '../../src/main/exchange/textSink'

describe('TextSink', () => {
  it('rejects the next write once its stream has failed, instead of waiting for a drain', async () => {
    let calls = 0
    const failing = new Writable({
      highWaterMark: 1 << 30, // never asks for a drain: the failure must be seen by itself
      write(_chunk, _enc, cb) {
        calls++
        // as fs does: the error arrives after write() has returned
        setImmediate(() =>
          cb(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })),
        )
      },
    })
    failing.on('error', () => {})
    const sink = new TextSink(failing)
    const chunk = 'x'.repeat(70 * 1024)
    await sink.write(chunk)
    await new Promise((r) => setTimeout(r, 20))
    const next = Promise.race([
      sink.write(chunk).then(() => 'written'),
      new Promise((r) => setTimeout(() => r('still waiting'), 2000)),
    ])
    await expect(next).rejects.toThrow(/ENOSPC/)
    expect(calls).toBe(1)
  })
})
