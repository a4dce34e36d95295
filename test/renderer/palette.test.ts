// The theme colours in styles.css against WCAG AA, for what axe cannot see: text drawn on the
// canvases (timeline labels, durations inside bars, flame-graph boxes) and every pairing a
// colour is used in, in the light and the dark theme. Reads the real stylesheet.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { hsl } from 'd3'
import { contrast, textOn } from '../../src/renderer/draw/palette'
import { AGENT_SLOTS } from '../../src/renderer/draw/agentPalette'

const CSS = fs.readFileSync(path.resolve(__dirname, '../../src/renderer/styles.css'), 'utf8')

/** The custom properties set in the first block that follows `selector`. */
function varsAfter(selector: string): Record<string, string> {
  const at = CSS.indexOf(selector)
  expect(at, `${selector} in styles.css`).toBeGreaterThanOrEqual(0)
  const open = CSS.indexOf('{', at)
  const body = CSS.slice(open + 1, CSS.indexOf('}', open))
  const vars: Record<string, string> = {}
  for (const m of body.matchAll(/--([\w-]+):\s*([^;]+);/g)) vars[m[1]] = m[2].trim()
  return vars
}

const light = varsAfter(':root {')
const darkMedia = varsAfter(":root:not([data-theme='light'])")
const darkChosen = varsAfter(":root[data-theme='dark']")
const THEMES = { light, dark: { ...light, ...darkChosen } }

/** pairs below the minimum, as "fg on bg = ratio" */
function failing(
  theme: Record<string, string>,
  fgs: string[],
  bgs: string[],
  min: number,
): string[] {
  const out: string[] = []
  for (const f of fgs)
    for (const b of bgs) {
      const r = contrast(theme[f], theme[b])
      if (r < min) out.push(`--${f} ${theme[f]} on --${b} ${theme[b]} = ${r.toFixed(2)}`)
    }
  return out
}

// every surface text sits on: page, toolbars, hover, zebra stripe, selected and matched rows
const SURFACES = ['bg', 'bg-2', 'bg-3', 'stripe', 'row-sel', 'row-hit']

describe('theme colours (styles.css) meet WCAG AA', () => {
  it('the OS-dark and the chosen-dark theme are the same colours', () => {
    expect(darkMedia).toEqual(darkChosen)
  })

  for (const [name, t] of Object.entries(THEMES)) {
    describe(name, () => {
      it('text colours reach 4.5:1 on every surface', () => {
        const text = ['fg', 'fg-2', 'accent', 'ok-text', 'error-text', 'warn-text']
        expect(failing(t, text, SURFACES, 4.5)).toEqual([])
      })

      it('badges and buttons filled with a colour keep 4.5:1 for their text', () => {
        // .badge.error / .badge.live / .banner: page colour on the -text colour
        expect(failing(t, ['bg'], ['ok-text', 'error-text'], 4.5)).toEqual([])
        expect(failing(t, ['accent-fg'], ['accent'], 4.5)).toEqual([])
      })

      it('bars, circles and the focus ring reach 3:1 against the page', () => {
        const fills = ['ok', 'error', 'unset', 'open', 'accent']
        expect(failing(t, fills, ['bg', 'bg-2'], 3)).toEqual([])
      })

      it('every agent colour reads as text (4.5:1) on every surface, so also as a bar (3:1)', () => {
        const agents = Array.from({ length: AGENT_SLOTS }, (_, i) => `agent-${i}`)
        for (const a of agents) expect(t[a], `--${a} in styles.css`).toMatch(/^#[0-9a-f]{6}$/i)
        expect(failing(t, agents, SURFACES, 4.5)).toEqual([])
        // and a label drawn on a flame box of an agent's colour
        for (const a of agents) expect(contrast(textOn(t[a]), t[a]), a).toBeGreaterThanOrEqual(4.5)
      })

      it('agent colours are told apart from each other and from the error red', () => {
        const agents = Array.from({ length: AGENT_SLOTS }, (_, i) => t[`agent-${i}`])
        expect(new Set(agents).size).toBe(AGENT_SLOTS)
        // hue of each colour, degrees: none within 20° of the theme's error red
        const errHue = hsl(t.error).h
        for (const a of agents) {
          const d = Math.abs(((hsl(a).h - errHue + 540) % 360) - 180)
          expect(d, `${a} vs error ${t.error}`).toBeGreaterThan(20)
        }
      })

      it('a label drawn inside any bar reaches 4.5:1', () => {
        for (const fill of ['ok', 'error', 'unset', 'open'])
          expect(contrast(textOn(t[fill]), t[fill]), fill).toBeGreaterThanOrEqual(4.5)
      })
    })
  }

  it('flame-graph labels reach 4.5:1 on every box colour', () => {
    // FlameView's hue(): hsl(20–59, 85%, 58–71%), and the error fill of each theme
    const fills = [THEMES.light.error, THEMES.dark.error]
    for (let h = 20; h < 60; h++) for (let l = 58; l < 72; l++) fills.push(`hsl(${h}, 85%, ${l}%)`)
    const low = fills.filter((f) => contrast(textOn(f), f) < 4.5)
    expect(low).toEqual([])
  })

  it('textOn picks the colour that reads on a fill', () => {
    expect(textOn('#ffffff')).toBe('#111111')
    expect(textOn('#1b1f24')).toBe('#ffffff')
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21)
  })
})
