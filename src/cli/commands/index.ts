// The command list, in the order --help shows it. Every module here must stay cheap to load:
// heavy imports belong inside run().
import type { CliCommand } from '../command'
import { sessionsCommand } from './sessions'
import { traceCommand } from './trace'
import { diffCommand } from './diff'
import { spansCommand } from './spans'
import { errorsCommand } from './errors'
import { resolveCommand } from './resolve'
import { statsCommand } from './stats'
import { cohortCommand } from './cohort'
import { exportCommand } from './export'
import { importCommand } from './import'
import { maintainCommand } from './maintain'
import { collectCommand } from './collect'
import { tailCommand } from './tail'
import { serveCommand } from './serve'
import { openCommand } from './open'

export const COMMANDS: CliCommand[] = [
  sessionsCommand,
  traceCommand,
  diffCommand,
  spansCommand,
  errorsCommand,
  resolveCommand,
  statsCommand,
  cohortCommand,
  exportCommand,
  importCommand,
  maintainCommand,
  collectCommand,
  tailCommand,
  serveCommand,
  openCommand,
]
