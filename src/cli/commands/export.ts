import type { WriteStream } from 'node:fs'
import fs from 'node:fs'
import path from 'node:path'
import type { CliCommand } from '../command'
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
  usage: 'export [--format json|ndjson|otlp|chrome] [--out file] [filters…]',
  options: [
    {
      name: 'format',
      type: 'string',
      short: 'f',
      default: 'ndjson',
      description: 'json, ndjson, otlp or chrome',
    },
    {
      name: 'out',
      type: 'string',
      short: 'o',
      description: 'write to this file (default: stdout)',
    },
    ...FILTER_OPTIONS,
  ],
  async run(ctx) {
    const filter = filterFromOptions(ctx)
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
