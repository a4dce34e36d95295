// Parses argv for one command (node:util parseArgs over the command's CliOptionSpec), builds its
// context and runs it. Errors become one line on stderr and a non-zero exit; --debug adds stacks.

import fs from 'node:fs'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { defaultStorePath } from '../main/appPaths'
import { installUserPrices } from '../main/userPrices'
import type { CliCommand, CliContext, CliOptionSpec } from './command'
import { CliError } from './command'
import { COMMANDS } from './commands'
import { commandHelp, globalHelp } from './help'
import { Progress } from './progress'

export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean }
  stderr: NodeJS.WritableStream & { isTTY?: boolean }
}

/** Options every command takes. */
export const GLOBAL_OPTIONS: CliOptionSpec[] = [
  {
    name: 'db',
    type: 'string',
    description: "trace database to use (default: the app's own store)",
  },
  {
    name: 'prices',
    type: 'string',
    description:
      'prices file that adds or overrides model prices (default: prices.json in the app data folder)',
  },
  { name: 'json', type: 'boolean', description: 'machine-readable output on stdout' },
  { name: 'debug', type: 'boolean', description: 'print stack traces with errors' },
  { name: 'help', type: 'boolean', short: 'h', description: 'show help' },
]

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((c) => c.name === name)
}

export async function runCli(
  argv: string[],
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const debug = argv.includes('--debug')
  const [first, ...rest] = argv
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' && rest[0] ? findCommand(rest[0]) : undefined
    io.stdout.write(target ? commandHelp(target, GLOBAL_OPTIONS) : globalHelp(COMMANDS))
    return first === undefined ? 2 : 0
  }
  if (first === '--version' || first === '-v') {
    io.stdout.write(`${await version()}\n`)
    return 0
  }
  const command = findCommand(first)
  if (!command) {
    io.stderr.write(`tracescope: unknown command "${first}" (run tracescope --help for the list)\n`)
    return 2
  }
  const controller = new AbortController()
  const onSignal = (): void => controller.abort()
  process.once('SIGINT', onSignal)
  process.once('SIGTERM', onSignal)
  const progress = new Progress(io.stderr)
  try {
    const ctx = buildContext(command, rest, io, controller.signal, progress)
    if (ctx.options.help) {
      io.stdout.write(commandHelp(command, GLOBAL_OPTIONS))
      return 0
    }
    usePrices(ctx.options.prices as string | undefined, io)
    return await command.run(ctx)
  } catch (err) {
    progress.done()
    return reportError(err, io, debug, command.name)
  } finally {
    progress.done()
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}

/**
 * Prices every sum with the user's prices file: `--prices FILE` (a file that cannot be used is
 * an error), else the one in the app data folder (a broken one is reported and left out).
 * Through the environment, so store workers the command starts read the same file.
 */
function usePrices(file: string | undefined, io: CliIo): void {
  if (file !== undefined) process.env.TRACESCOPE_PRICES = path.resolve(file)
  const state = installUserPrices()
  if (file !== undefined && !fs.existsSync(state.path))
    throw new CliError(`--prices: no such file: ${state.path}`, 2)
  if (state.error) {
    if (file !== undefined) throw new CliError(`--prices: ${state.error}`, 2)
    io.stderr.write(`tracescope: prices file left out: ${state.error}\n`)
  }
}

function buildContext(
  command: CliCommand,
  argv: string[],
  io: CliIo,
  signal: AbortSignal,
  progress: Progress,
): CliContext {
  const specs = [
    ...command.options,
    ...GLOBAL_OPTIONS.filter((g) => !command.options.some((o) => o.name === g.name)),
  ]
  const config: NonNullable<ParseArgsConfig['options']> = {}
  for (const o of specs) {
    config[o.name] = {
      type: o.type === 'boolean' ? 'boolean' : 'string',
      ...(o.multiple ? { multiple: true } : {}),
      ...(o.short ? { short: o.short } : {}),
    }
  }
  let parsed: ReturnType<typeof parseArgs>
  try {
    parsed = parseArgs({ args: argv, options: config, allowPositionals: true, strict: true })
  } catch (e) {
    const msg = (e as Error).message.split('\n')[0]
    const unknown = /Unknown option '([^']+)'/.exec(msg)
    const ambiguous = /Option '([^']+)' argument is ambiguous/.exec(msg)
    throw new CliError(
      unknown
        ? `unknown option ${unknown[1]} (tracescope ${command.name} --help lists the options)`
        : ambiguous
          ? `${ambiguous[1]} needs a value; one that starts with "-" is written ${ambiguous[1]}=-5`
          : msg,
      2,
    )
  }
  const options: CliContext['options'] = {}
  for (const o of specs) {
    const raw = parsed.values[o.name] as string | boolean | string[] | undefined
    if (raw === undefined) {
      if (o.default !== undefined) options[o.name] = o.default
      continue
    }
    if (o.type === 'number') {
      const values = Array.isArray(raw) ? raw : [raw as string]
      const nums = values.map((v) => {
        const n = Number(v)
        if (String(v).trim() === '' || !Number.isFinite(n))
          throw new CliError(`invalid --${o.name} "${v}": expected a number`, 2)
        return n
      })
      options[o.name] = o.multiple ? nums.map(String) : nums[0]
    } else options[o.name] = raw
  }
  const json = options.json === true
  return {
    args: parsed.positionals,
    options,
    json,
    stdout: io.stdout,
    stderr: io.stderr,
    dbPath: () => resolveDbPath(options.db),
    progress: (message: string) => progress.update(message),
    progressDone: () => progress.done(),
    signal,
  }
}

function resolveDbPath(db: unknown): string {
  return typeof db === 'string' && db !== '' ? path.resolve(db) : defaultStorePath()
}

function reportError(err: unknown, io: CliIo, debug: boolean, commandName: string): number {
  const e = err as Error & { exitCode?: number }
  if (e?.name === 'AbortError') {
    io.stderr.write(`tracescope ${commandName}: interrupted\n`)
    return 130
  }
  const usage = e?.name === 'FilterError'
  const message = (e?.message ?? String(err)).split('\n')[0]
  io.stderr.write(`tracescope ${commandName}: ${message}\n`)
  if (debug && e?.stack) io.stderr.write(`${e.stack}\n`)
  if (err instanceof CliError) return err.exitCode
  return usage ? 2 : 1
}

async function version(): Promise<string> {
  const fs = await import('node:fs')
  const path = await import('node:path')
  const pkg = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'),
  ) as { version: string }
  return pkg.version
}
