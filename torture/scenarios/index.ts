// Every scenario of `npm run torture`, in the order they run, sized by the scale's counts.
import type { Counts } from '../scale'
import type { ScenarioResult } from '../types'
import { runBadFiles } from './badFiles'
import { runBadRecords } from './badRecords'
import { runBusy } from './busy'
import { runCrash } from './crash'
import { runDiskFull } from './diskFull'
import { runLoad } from './load'
import { runSignals } from './signals'

export interface Scenario {
  name: string
  run(c: Counts): Promise<ScenarioResult>
}

export const SCENARIOS: Scenario[] = [
  { name: 'crash', run: (c) => runCrash({ kills: c.crashes }) },
  { name: 'signals', run: (c) => runSignals({ runs: c.signals }) },
  { name: 'disk-full', run: () => runDiskFull({ requests: 10 }) },
  { name: 'busy', run: (c) => runBusy({ holdMs: c.lockHoldMs, readers: c.readers }) },
  {
    name: 'bad-files',
    run: (c) => runBadFiles({ files: c.badFiles, timeoutMs: c.badFileTimeoutMs }),
  },
  { name: 'bad-records', run: (c) => runBadRecords({ bodies: c.fuzzBodies }) },
  { name: 'load', run: (c) => runLoad({ spans: c.loadSpans }) },
]
