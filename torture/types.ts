// Shapes shared by every torture scenario and the runner.

export type Scale = 'quick' | 'full'

/** One figure in the printed table. */
export interface Row {
  scenario: string
  /** what was done, e.g. "SIGKILL at random moments" */
  case: string
  /** what was measured, e.g. "acknowledged batches lost" */
  figure: string
  value: number | string
  unit?: string
  /** pass/fail against the scenario's invariant; "finding" = a defect in another area, with a regression test */
  verdict: 'pass' | 'fail' | 'finding' | 'info'
}

export interface ScenarioResult {
  name: string
  rows: Row[]
  /** invariants that did not hold (each a sentence naming what and where) */
  failures: string[]
  /** defects in other areas the scenario proved (reported as FINDING rows, not failures) */
  findings: string[]
  ms: number
}

/** Collects rows and failures for one scenario. */
export class Report {
  readonly rows: Row[] = []
  readonly failures: string[] = []
  readonly findings: string[] = []
  private readonly t0 = performance.now()
  constructor(readonly name: string) {}

  info(kase: string, figure: string, value: number | string, unit?: string): void {
    this.rows.push({ scenario: this.name, case: kase, figure, value, unit, verdict: 'info' })
  }

  /** a figure with an invariant: ok=false records a failure with `why` */
  check(
    kase: string,
    figure: string,
    value: number | string,
    ok: boolean,
    why: string,
    unit?: string,
  ): void {
    this.rows.push({
      scenario: this.name,
      case: kase,
      figure,
      value,
      unit,
      verdict: ok ? 'pass' : 'fail',
    })
    if (!ok) this.failures.push(`${this.name} / ${kase}: ${why}`)
  }

  /** a figure that proves a defect owned elsewhere: not a torture failure, a finding to report */
  finding(
    kase: string,
    figure: string,
    value: number | string,
    isDefect: boolean,
    why: string,
    unit?: string,
  ): void {
    this.rows.push({
      scenario: this.name,
      case: kase,
      figure,
      value,
      unit,
      verdict: isDefect ? 'finding' : 'pass',
    })
    if (isDefect) this.findings.push(`${this.name} / ${kase}: ${why}`)
  }

  done(): ScenarioResult {
    return {
      name: this.name,
      rows: this.rows,
      failures: this.failures,
      findings: this.findings,
      ms: Math.round(performance.now() - this.t0),
    }
  }
}
