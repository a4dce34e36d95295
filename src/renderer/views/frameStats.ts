// Draw times of the last frames, readable from the page (bench/uiBench.ts reads them with
// page.evaluate) — a ring buffer, so it costs nothing when nobody looks.
const SIZE = 2000
const times = new Float64Array(SIZE)
let n = 0

export function recordFrame(ms: number): void {
  times[n % SIZE] = ms
  n++
}

declare global {
  interface Window {
    __tracescopeFrames?: { count: () => number; since: (from: number) => number[] }
  }
}

window.__tracescopeFrames = {
  count: () => n,
  since: (from) => {
    const out: number[] = []
    for (let i = Math.max(from, n - SIZE); i < n; i++) out.push(times[i % SIZE])
    return out
  },
}
