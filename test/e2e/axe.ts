// axe-core in a served viewer page. The page's Content-Security-Policy allows no inline script,
// so axe's source is evaluated through the DevTools protocol (page.evaluate), which page CSP
// does not govern: the app's CSP stays exactly what production serves.
import fs from 'node:fs'
import type { Page } from 'playwright-core'
import type { AxeResults, ImpactValue } from 'axe-core'

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeFinding {
  rule: string
  impact: ImpactValue | null
  help: string
  targets: string[]
  summary: string
}

/** The rules whose outcome depends on the colours: all a second theme can change. */
export const COLOUR_RULES = ['color-contrast', 'link-in-text-block']

/**
 * Runs axe on the page (every rule, or only `rules`) and returns the serious and critical
 * violations.
 */
export async function seriousViolations(page: Page, rules?: string[]): Promise<AxeFinding[]> {
  const loaded = await page.evaluate('typeof window.axe === "object"')
  if (!loaded) await page.evaluate(AXE_SOURCE)
  const options = {
    resultTypes: ['violations'],
    ...(rules ? { runOnly: { type: 'rule', values: rules } } : {}),
  }
  const results = (await page.evaluate(
    (o) => (window as unknown as { axe: { run(o: object): Promise<unknown> } }).axe.run(o),
    options,
  )) as AxeResults
  const findings: AxeFinding[] = []
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue
    for (const n of v.nodes)
      findings.push({
        rule: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: n.target.map(String),
        summary: (n.failureSummary ?? '').replace(/\s+/g, ' ').trim(),
      })
  }
  return findings
}

export function describeFindings(findings: AxeFinding[]): string {
  return findings
    .map((f) => `  [${f.impact}] ${f.rule} (${f.help}) at ${f.targets.join(' ')}: ${f.summary}`)
    .join('\n')
}
