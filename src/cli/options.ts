// Typed reads of parsed options, and the shared filter flags every listing/export command takes.

import type { CliContext, CliOptionSpec } from './command'
import { CliError } from './command'
import { parseFilter, type TraceFilter } from '../main/exchange/filters'

export function optString(ctx: CliContext, name: string): string | undefined {
  const v = ctx.options[name]
  return typeof v === 'string' ? v : undefined
}

export function optNumber(ctx: CliContext, name: string): number | undefined {
  const v = ctx.options[name]
  return typeof v === 'number' ? v : undefined
}

export function optBool(ctx: CliContext, name: string): boolean {
  return ctx.options[name] === true
}

export function optList(ctx: CliContext, name: string): string[] | undefined {
  const v = ctx.options[name]
  if (v === undefined || typeof v === 'boolean' || typeof v === 'number') return undefined
  return Array.isArray(v) ? v : [v]
}

/** A positive whole number option, with a message naming it when it is not one. */
export function optLimit(ctx: CliContext, name: string, fallback: number): number {
  const v = optNumber(ctx, name) ?? fallback
  if (!Number.isInteger(v) || v < 1)
    throw new CliError(`invalid --${name} "${v}": expected a whole number ≥ 1`, 2)
  return v
}

/** The sessions named, or an error naming those the file does not have (a typo would otherwise
 *  list nothing, silently). */
export function requireSessions<S>(
  ctx: CliContext,
  q: { getSession(id: string): S | null },
  ids: string[],
): S[] {
  const found = ids.map((id) => q.getSession(id))
  const unknown = ids.filter((_, i) => found[i] === null)
  if (unknown.length)
    throw new CliError(
      `no session ${unknown.map((id) => `"${id}"`).join(', ')} in ${ctx.dbPath()} (tracescope sessions lists them)`,
    )
  return found as S[]
}

/** A TCP port option (0: any free port), checked before anything is opened. */
export function optPort(ctx: CliContext, fallback: number): number {
  const v = ctx.options.port
  if (v === undefined) return fallback
  const n = typeof v === 'number' ? v : Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new CliError(`invalid --port "${String(v)}": expected a whole number 0–65535`, 2)
  return n
}

/** `--session id` on a command about one session (the id may also be its first argument). */
export const SESSION: CliOptionSpec = {
  name: 'session',
  type: 'string',
  description: 'the session id (instead of the first argument)',
}

/** The session a one-session command is about: its first argument or --session, not both differing. */
export function sessionArg(ctx: CliContext, usage: string): string {
  const positional = ctx.args[0]
  const flag = optString(ctx, 'session')
  if (positional !== undefined && positional !== '' && flag !== undefined && flag !== positional)
    throw new CliError(
      `two sessions given: "${positional}" and --session "${flag}" (usage: tracescope ${usage})`,
      2,
    )
  const id = positional || flag
  if (id === undefined || id === '')
    throw new CliError(`missing session id (usage: tracescope ${usage})`, 2)
  return id
}

/** The one positional a command needs, with a usage error naming it. */
export function requireArg(ctx: CliContext, index: number, what: string, usage: string): string {
  const v = ctx.args[index]
  if (v === undefined || v === '')
    throw new CliError(`missing ${what} (usage: tracescope ${usage})`, 2)
  return v
}

export const SINCE: CliOptionSpec = {
  name: 'since',
  type: 'string',
  description: 'from this time: ISO (2025-01-31T12:00Z), epoch ms, or relative (15m, 24h, 7d)',
}
export const UNTIL: CliOptionSpec = {
  name: 'until',
  type: 'string',
  description: 'up to this time (same forms as --since)',
}

export const WHERE: CliOptionSpec = {
  name: 'where',
  type: 'string',
  description:
    "spans matching a filter expression, e.g. 'agent:coder status:error duration>2s' (docs/filter.md)",
}

/** Every filter flag (export and the app's filter bar share the model in src/main/exchange/filters). */
export const FILTER_OPTIONS: CliOptionSpec[] = [
  {
    name: 'session',
    type: 'string',
    multiple: true,
    description: 'only this session id (or comma-separated ids)',
  },
  SINCE,
  UNTIL,
  {
    name: 'agent',
    type: 'string',
    multiple: true,
    description: 'only spans/records of this agent',
  },
  {
    name: 'status',
    type: 'string',
    description: 'span status: ok, error or unset (completed/failed accepted)',
  },
  { name: 'name', type: 'string', description: 'exact span name' },
  { name: 'text', type: 'string', description: 'text search over names, messages and attributes' },
  WHERE,
]

export function filterFromOptions(
  ctx: CliContext,
  extra: { sessions?: string[] } = {},
): TraceFilter {
  return parseFilter({
    sessions: extra.sessions ?? optList(ctx, 'session'),
    since: optString(ctx, 'since'),
    until: optString(ctx, 'until'),
    agents: optList(ctx, 'agent'),
    status: optString(ctx, 'status'),
    spanName: optString(ctx, 'name'),
    text: optString(ctx, 'text'),
    where: optString(ctx, 'where'),
  })
}

/** Writes a JSON value on stdout (the --json contract: one JSON document per command). */
export function printJson(ctx: CliContext, value: unknown): void {
  ctx.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
}
