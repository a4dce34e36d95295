import type { WriteStream } from 'node:fs'
import fs from 'node:fs'
import path from 'node:path'
import type { CliCommand, CliContext } from '../command'
import type { TraceFilter } from '../../main/exchange/filters'
import { load } from '../lazy'
import { CliError } from '../command'
import { count, formatBytes } from '../format'
import {
  FILTER_OPTIONS,
  filterFromOptions,
  optString,
  printJson,
  requireSessions,
} from '../options'

export const exportCommand: CliCommand = {
  name: 'export',
  summary: 'export filtered traces as json, ndjson, OTLP JSON or Chrome trace events (Perfetto)',
  usage: 'export [--format json|ndjson|otlp|chrome] [--out file | --to url] [filters…]',
  options: [
    {
      name: 'format',
      type: 'string',
      short: 'f',
      description: 'json, ndjson, otlp or chrome (default: ndjson; otlp with --to)',
    },
    {
      name: 'out',
      type: 'string',
      short: 'o',
      description: 'write to this file (default: stdout)',
    },
    {
      name: 'to',
      type: 'string',
      description:
        'push the OTLP export to this OTLP/HTTP endpoint (e.g. http://collector:4318), retrying while it is unreachable',
    },
    {
      name: 'header',
      type: 'string',
      multiple: true,
      description: 'header sent with --to, name=value (e.g. authorization=Bearer abc)',
    },
    {
      name: 'retry-for',
      type: 'number',
      default: 60,
      description: 'with --to: seconds to keep retrying one request before giving up',
    },
    ...FILTER_OPTIONS,
  ],
  async run(ctx) {
    const filter = filterFromOptions(ctx)
    if (optString(ctx, 'to') !== undefined) return pushTo(ctx, filter)
    if (ctx.options.header !== undefined) throw new CliError('--header needs --to <url>', 2)
    const { exportTraces, parseFormat } = load.exportTraces()
    let format
    try {
      format = parseFormat(optString(ctx, 'format') ?? 'ndjson')
    } catch (e) {
      throw new CliError((e as Error).message, 2)
    }
    const out = optString(ctx, 'out')
    const { withReadable } = load.openDb()
    return withReadable(ctx, async (q) => {
      requireSessions(ctx, q, filter.sessions ?? [])
      const target = out ? path.resolve(out) : null
      if (target && target === ctx.dbPath())
        throw new CliError(`--out ${out} is the database being exported`)
      // Written next to the target and renamed at the end: an interrupted export leaves no half file.
      const partial = target ? `${target}.partial-${process.pid}` : null
      const stream = partial && target ? openPartial(target, partial) : ctx.stdout
      const onProgress = (p: {
        records: number
        spans: number
        bytes: number
        phase: string
      }): void =>
        ctx.progress(
          `exporting ${p.phase}s… ${p.records.toLocaleString('en')} records, ${formatBytes(p.bytes)}`,
        )
      try {
        const result = await exportTraces(q, filter, format, stream, {
          onProgress,
          signal: ctx.signal,
        })
        if (partial && target) {
          await new Promise<void>((resolve, reject) => {
            const ws = stream as WriteStream
            ws.end((err?: Error | null) => (err ? reject(err) : resolve()))
          })
          fs.renameSync(partial, target)
        }
        const summary = { ...result, out: target, maxRssBytes: peakRssBytes() }
        if (ctx.json && target) printJson(ctx, summary)
        else if (target || !ctx.json)
          ctx.stderr.write(
            `exported ${count(result.records, 'record')} (${count(result.sessions, 'session')}, ${count(result.spans, 'span')}) as ${format}${target ? ` to ${target}` : ''}, ${formatBytes(result.bytes)} in ${result.ms} ms\n`,
          )
        return 0
      } catch (e) {
        if (partial) {
          const ws = stream as WriteStream
          // writes still queued fail once destroyed: expected here, not an error to report
          ws.on('error', () => {})
          ws.destroy()
          fs.rmSync(partial, { force: true })
        }
        throw e
      }
    })
  },
}

async function pushTo(ctx: CliContext, filter: TraceFilter): Promise<number> {
  const format = optString(ctx, 'format') ?? 'otlp'
  if (format.toLowerCase() !== 'otlp')
    throw new CliError(
      `--to sends OTLP; --format ${format} cannot be pushed (use --format otlp)`,
      2,
    )
  if (optString(ctx, 'out') !== undefined)
    throw new CliError('--to and --out cannot be used together', 2)
  const { parseForwardHeader, parseForwardUrl } = load.forwardConfig()
  const raw = ctx.options.header
  let target
  try {
    const headers = Object.fromEntries(
      (Array.isArray(raw) ? raw : raw === undefined ? [] : [String(raw)]).map((h) =>
        parseForwardHeader(h, '--header'),
      ),
    )
    target = { url: parseForwardUrl(optString(ctx, 'to') ?? '', '--to'), headers }
  } catch (e) {
    throw new CliError((e as Error).message, 2)
  }
  const retryFor = Number(ctx.options['retry-for'] ?? 60)
  if (!Number.isFinite(retryFor) || retryFor < 0)
    throw new CliError(
      `--retry-for must be a number of seconds, got ${String(ctx.options['retry-for'])}`,
      2,
    )
  const { PushError, pushOtlp } = load.exportPush()
  const { withReadable } = load.openDb()
  return withReadable(ctx, async (q) => {
    requireSessions(ctx, q, filter.sessions ?? [])
    try {
      const result = await pushOtlp(q, filter, target, {
        retryForMs: retryFor * 1000,
        signal: ctx.signal,
        onProgress: (p) =>
          ctx.progress(
            `pushing to ${target.url}… ${count(p.requests, 'request')}, ${count(p.spans, 'span')}`,
          ),
      })
      ctx.progressDone?.()
      if (ctx.json) printJson(ctx, { ...result, to: target.url })
      else
        ctx.stderr.write(
          `pushed ${count(result.spans, 'span')} (${count(result.sessions, 'session')}) to ${target.url} in ${count(result.requests, 'request')}, ${formatBytes(result.bytes)} in ${result.ms} ms${result.retries ? ` after ${result.retries} retried attempt${result.retries === 1 ? '' : 's'}` : ''}\n`,
        )
      return 0
    } catch (e) {
      ctx.progressDone?.()
      if (e instanceof PushError) throw new CliError(e.message)
      throw e
    }
  })
}

/**
 * Opens the file an export is written to, so that a folder that is not there, or not writable,
 * is reported before anything is read (and not as an unhandled stream error).
 */
function openPartial(target: string, partial: string): WriteStream {
  if (fs.statSync(target, { throwIfNoEntry: false })?.isDirectory())
    throw new CliError(`--out ${target} is a folder; name a file in it`)
  let fd: number
  try {
    fd = fs.openSync(partial, 'w')
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    const dir = path.dirname(target)
    throw new CliError(
      err.code === 'ENOENT'
        ? `cannot write ${target}: the folder ${dir} does not exist`
        : `cannot write ${target}: ${err.message}`,
    )
  }
  const stream = fs.createWriteStream(partial, { fd })
  // a write error (full disk) fails the export through TextSink and end(); without a listener
  // it would also be thrown as an unhandled 'error' event
  stream.on('error', () => {})
  return stream
}

/**
 * Peak resident memory of this process (for the constant-memory claim, bench:export). Linux's
 * VmHWM starts fresh at exec; getrusage's maxRSS would still include the parent's peak at fork.
 */
function peakRssBytes(): number {
  try {
    const m = /VmHWM:\s*(\d+)\s*kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))
    if (m) return Number(m[1]) * 1024
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024
}
