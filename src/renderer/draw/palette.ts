// The canvas reads the same colours as the CSS (variables in styles.css), re-read when the
// theme flips.

export interface Palette {
  bg: string
  bg2: string
  bg3: string
  fg: string
  fg2: string
  border: string
  accent: string
  ok: string
  unset: string
  error: string
  open: string
  rowSel: string
  rowHit: string
  stripe: string
  mono: string
  sans: string
}

export function readPalette(): Palette {
  const cs = getComputedStyle(document.documentElement)
  const v = (name: string, fallback: string): string => cs.getPropertyValue(name).trim() || fallback
  return {
    bg: v('--bg', '#fff'),
    bg2: v('--bg-2', '#f5f6f8'),
    bg3: v('--bg-3', '#eceef2'),
    fg: v('--fg', '#1b1f24'),
    fg2: v('--fg-2', '#59636e'),
    border: v('--border', '#d8dde3'),
    accent: v('--accent', '#2f6fdf'),
    ok: v('--ok', '#2e9e5b'),
    unset: v('--unset', '#5a8fe0'),
    error: v('--error', '#d83a3a'),
    open: v('--open', '#9b6fd8'),
    rowSel: v('--row-sel', '#dbe7fb'),
    rowHit: v('--row-hit', '#fff2b8'),
    stripe: v('--stripe', '#fafbfc'),
    mono: v('--mono', 'monospace'),
    sans: v('--sans', 'sans-serif'),
  }
}

/** Sizes a canvas's backing store to its CSS box at the device pixel ratio. */
export function fitCanvas(
  canvas: HTMLCanvasElement,
  cssWidth: number,
  cssHeight: number,
): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1
  const w = Math.max(1, Math.round(cssWidth * dpr))
  const h = Math.max(1, Math.round(cssHeight * dpr))
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w
    canvas.height = h
    canvas.style.width = `${cssWidth}px`
    canvas.style.height = `${cssHeight}px`
  }
  const ctx = canvas.getContext('2d')
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0)
  return ctx
}
