// Frame timing in headless Chromium, shared by bench:ui (the timeline) and bench:logs (the Logs
// tab): runs N animation frames that each scroll or zoom an element, and returns the rAF
// intervals and the main-thread work of every frame, measured the same way for both views.
import type { Page } from 'playwright-core'

export function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN
}
export const median = (xs: number[]): number => pct(xs, 50)
export const f1 = (n: number): string => n.toFixed(1)

export type FrameAction =
  /** scrollTop += px every frame; every `jumpEvery`th frame a jump of a seventh of the height */
  | { kind: 'scroll'; px: number; jumpEvery?: number; fromTop?: boolean }
  /** ctrl+wheel in and out around a point 60 % across the element, 30 frames each way */
  | { kind: 'zoom' }

export interface FrameTimes {
  /** time between successive animation frames (vsync 16.7 ms; longer = a frame missed) */
  interval: number[]
  /** main-thread time of each frame: its rAF callbacks, style, layout and paint */
  work: number[]
}

export function measureFrames(
  page: Page,
  selector: string,
  frames: number,
  action: FrameAction,
): Promise<FrameTimes> {
  return page.evaluate(
    ([sel, frames, action]) =>
      new Promise<FrameTimes>((resolve) => {
        const el = document.querySelector(sel)
        if (!el) throw new Error(`no element ${sel} to animate`)
        const box = el.getBoundingClientRect()
        if (action.kind === 'scroll' && action.fromTop) el.scrollTop = 0
        const interval: number[] = []
        const work: number[] = []
        // main-thread time of a frame: from its animation callbacks through style, layout and
        // paint, until a message posted in the frame is handled (the "after frame" technique)
        const channel = new MessageChannel()
        let frameStart = 0
        channel.port1.onmessage = () => work.push(performance.now() - frameStart)
        let last = 0
        let i = 0
        const step = (t: number): void => {
          if (last) interval.push(t - last)
          last = t
          frameStart = performance.now()
          channel.port2.postMessage(0)
          if (i++ >= frames) return resolve({ interval, work })
          if (action.kind === 'scroll')
            el.scrollTop +=
              action.jumpEvery && i % action.jumpEvery === 0 ? el.scrollHeight / 7 : action.px
          else
            el.dispatchEvent(
              new WheelEvent('wheel', {
                deltaY: i % 60 < 30 ? -120 : 120,
                ctrlKey: true,
                clientX: box.left + box.width * 0.6,
                clientY: box.top + 50,
                bubbles: true,
                cancelable: true,
              }),
            )
          requestAnimationFrame(step)
        }
        requestAnimationFrame(step)
      }),
    [selector, frames, action] as const,
  )
}
