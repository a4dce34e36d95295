// Heavy modules (better-sqlite3, the store, source adapters, exporters) load on first use so
// `tracescope --help` starts fast. bin/tracescope.cjs registers tsx's CommonJS hook, which
// resolves require() of extensionless .ts paths but not import(), hence require here.
// collect and serve are also run in-process by the tests, whose runner serves import() but not
// require() of .ts paths: their loaders try one, then the other, so they return a promise.
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as OpenDb from './openDb'
import type * as SpanTree from './spanTree'
import type * as Paging from '../main/exchange/paging'
import type * as ExportTraces from '../main/exchange/exportTraces'
import type * as ImportFile from '../main/exchange/importFile'
import type * as OpenSource from '../main/sources/openSource'
import type * as TraceStore from '../main/store/traceStore'
import type * as SqliteHeader from '../main/sources/sqliteHeader'
import type * as Migrations from '../main/store/migrations'
import type * as UpgradeSessionStore from '../main/sources/upgradeSessionStore'
import type * as ReadRun from '../main/compare/readRun'
import type * as RunDiff from '../shared/compare/runDiff'
import type * as MessageDiff from '../shared/compare/messageDiff'
import type * as DiffText from './diffText'
import type * as ReadStats from '../main/stats/readStats'
import type * as GroupedStats from './groupedStats'
import type * as ReadCohort from '../main/stats/readCohort'
import type * as ExportPush from '../main/exchange/exportPush'
import type * as ForwardConfig from '../shared/forwardTargets'
import type * as Collector from '../main/collector'
import type * as Forward from '../main/forward'
import type * as StartServer from '../main/server/startServer'

async function requireOrImport<T>(viaRequire: () => T, viaImport: () => Promise<T>): Promise<T> {
  try {
    return viaRequire()
  } catch {
    return viaImport()
  }
}

export const load = {
  openDb: () => require('./openDb') as typeof OpenDb,
  spanTree: () => require('./spanTree') as typeof SpanTree,
  paging: () => require('../main/exchange/paging') as typeof Paging,
  exportTraces: () => require('../main/exchange/exportTraces') as typeof ExportTraces,
  importFile: () => require('../main/exchange/importFile') as typeof ImportFile,
  openSource: () => require('../main/sources/openSource') as typeof OpenSource,
  traceStore: () => require('../main/store/traceStore') as typeof TraceStore,
  sqliteHeader: () => require('../main/sources/sqliteHeader') as typeof SqliteHeader,
  migrations: () => require('../main/store/migrations') as typeof Migrations,
  exportPush: () => require('../main/exchange/exportPush') as typeof ExportPush,
  forwardConfig: () => require('../shared/forwardTargets') as typeof ForwardConfig,
  upgradeSessionStore: () =>
    require('../main/sources/upgradeSessionStore') as typeof UpgradeSessionStore,
  readRun: () => require('../main/compare/readRun') as typeof ReadRun,
  runDiff: () => require('../shared/compare/runDiff') as typeof RunDiff,
  messageDiff: () => require('../shared/compare/messageDiff') as typeof MessageDiff,
  diffText: () => require('./diffText') as typeof DiffText,
  readStats: () => require('../main/stats/readStats') as typeof ReadStats,
  groupedStats: () => require('./groupedStats') as typeof GroupedStats,
  readCohort: () => require('../main/stats/readCohort') as typeof ReadCohort,
  // in-process too (see above): await these
  traceStoreAsync: () =>
    requireOrImport(
      () => require('../main/store/traceStore') as typeof TraceStore,
      () => import('../main/store/traceStore'),
    ),
  collector: () =>
    requireOrImport(
      () => require('../main/collector') as typeof Collector,
      () => import('../main/collector'),
    ),
  forward: () =>
    requireOrImport(
      () => require('../main/forward') as typeof Forward,
      () => import('../main/forward'),
    ),
  startServer: () =>
    requireOrImport(
      () => require('../main/server/startServer') as typeof StartServer,
      () => import('../main/server/startServer'),
    ),
}
