// The canvas reads the same colours as the CSS (variables in styles.css), re-read when the
// theme flips.
import { rgb } from 'd3'
import { readAgentColours } from './agentPalette'

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
  /** red for text (a failed span's name): 4.5:1 on the row colours, unlike the bar fill */
  errorText: string
  open: string
  rowSel: string
  rowHit: string
  stripe: string
  mono: string
  sans: string
  /** agent colour slots (agentPalette.ts) */
  agents: string[]
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
    errorText: v('--error-text', '#c32727'),
    open: v('--open', '#9b6fd8'),
    rowSel: v('--row-sel', '#dbe7fb'),
    rowHit: v('--row-hit', '#fff2b8'),
    stripe: v('--stripe', '#fafbfc'),
    mono: v('--mono', 'monospace'),
    sans: v('--sans', 'sans-serif'),
    agents: readAgentColours(cs),
  }
}

/**
 * Calls `redraw` when the colours change: the OS switches light/dark, or the person picks a
 * theme (data-theme on <html>). Canvases do not follow CSS by themselves. Returns the undo.
 */
export function onThemeChange(redraw: () => void): () => void {
  const mq = window.matchMedia('(prefers-color-scheme: dark)')
  mq.addEventListener('change', redraw)
  const mo = new MutationObserver(redraw)
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  return () => {
    mq.removeEventListener('change', redraw)
    mo.disconnect()
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

/** WCAG relative luminance of a CSS colour (any form d3-color parses). */
export function luminance(color: string): number {
  const c = rgb(color)
  const lin = (v: number): number => {
    const s = v / 255
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b)
}

/** WCAG contrast ratio of two colours, 1 to 21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}

/** Text colour for a label drawn on a fill (a bar, a flame box): near-black or white, whichever reads better. */
export function textOn(fill: string): string {
  return contrast('#111111', fill) >= contrast('#ffffff', fill) ? '#111111' : '#ffffff'
}
