// export / import / maintain through the real CLI, and how it fails on bad input.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  fileFingerprint,
  tempDir,
  writeClaudeFlowDb,
  writeNotSqliteFile,
  writeSessionStoreDb,
} from '../fixtures/seedWriters'
import { canonicalOf, richRecords, storeWith } from '../exchange/exchangeHelpers'
import { BIN, tracescope, tracescopeJson } from './cliHelpers'

let dir: string
let cleanup: () => void
let nativeDb: string

beforeAll(async () => {
  ;({ dir, cleanup } = tempDir('ts-cli-exchange-'))
  nativeDb = path.join(dir, 'native.db')
  const store = await storeWith(nativeDb, richRecords())
  await store.close()
})
afterAll(() => cleanup())

describe('export → import → export through the CLI', () => {
  it.each(['json', 'ndjson', 'otlp'] as const)(
    '%s gives the same records again',
    async (format) => {
      const first = path.join(dir, `first.${format}`)
      const target = path.join(dir, `target-${format}.db`)
      const summary = await tracescopeJson<{ records: number; out: string }>([
        'export',
        '--db',
        nativeDb,
        '--format',
        format,
        '--out',
        first,
      ])
      expect(summary.out).toBe(first)
      expect(fs.existsSync(first)).toBe(true)
      const imported = await tracescopeJson<{
        files: Array<{ rejected: number; accepted: number }>
      }>(['import', first, '--db', target])
      expect(imported.files[0].rejected).toBe(0)
      if (format === 'otlp') {
        // OTLP carries spans (with events/exceptions): the re-export of spans must match
        const again = await tracescope(['export', '--db', target, '--format', 'otlp'])
        expect(again.code).toBe(0)
        const spansOf = (text: string): number =>
          (
            JSON.parse(text) as {
              resourceSpans: Array<{ scopeSpans: Array<{ spans: unknown[] }> }>
            }
          ).resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans)).length
        expect(spansOf(again.stdout)).toBe(spansOf(fs.readFileSync(first, 'utf8')))
        return
      }
      const again = await tracescope(['export', '--db', target, '--format', format])
      expect(again.code).toBe(0)
      expect(canonicalOf(again.stdout, format)).toEqual(
        canonicalOf(fs.readFileSync(first, 'utf8'), format),
      )
      expect(canonicalOf(again.stdout, format)).toHaveLength(richRecords().length)
    },
    // three CLI processes, plus the search indexer the import starts beside them: at load 17-21
    // on 2 cores a round trip took 25-30 s
    90_000,
  )

  it('exports Chrome trace JSON with filters, and a foreign .db imports into a store', async () => {
    const chrome = await tracescope([
      'export',
      '--db',
      nativeDb,
      '--format',
      'chrome',
      '--session',
      'run-alpha',
      '--agent',
      'coder',
    ])
    expect(chrome.code).toBe(0)
    const events = (
      JSON.parse(chrome.stdout) as {
        traceEvents: Array<{ ph: string; args?: { spanId?: string } }>
      }
    ).traceEvents
    expect(events.filter((e) => e.ph === 'X')).toHaveLength(5) // spans 1, 3, 5, 7, 9 belong to coder

    const cf = writeClaudeFlowDb(path.join(dir, 'cf.db'))
    const store = path.join(dir, 'from-cf.db')
    const res = await tracescopeJson<{
      files: Array<{ format: string; counts: Record<string, number> }>
    }>(['import', cf.path, '--db', store])
    expect(res.files[0].format).toBe('sqlite')
    expect(res.files[0].counts.span).toBe(cf.spans.length)
    const sessions = await tracescopeJson<Array<{ id: string }>>([
      'sessions',
      '--db',
      store,
      '--limit',
      '100',
    ])
    expect(sessions.map((s) => s.id).sort()).toEqual([...cf.sessionIds].sort())
  })

  it('maintain runs on a native store and refuses to touch a foreign one', async () => {
    const report = await tracescopeJson<{ actions: string[]; bytesAfter: number }>([
      'maintain',
      '--db',
      nativeDb,
      '--optimize',
      '--vacuum',
    ])
    expect(report.actions.length).toBeGreaterThan(0)
    const cf = path.join(dir, 'cf.db')
    const r = await tracescope(['maintain', '--db', cf, '--vacuum'])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/claude-flow database: Tracescope never changes it/)
  })

  it('maintain --optimize upgrades a session-keyed trace store: a copy by default, in place after a backup', async () => {
    const fx = writeSessionStoreDb(path.join(dir, 'sessions.db'))
    const before = fileFingerprint(fx.path)
    // anything but --optimize is refused with a message that names the kind of file and the way out
    const refused = await tracescope(['maintain', '--db', fx.path, '--vacuum'])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toMatch(
      /a session-keyed trace store is read-only to Tracescope except for --optimize/,
    )
    expect(fileFingerprint(fx.path)).toEqual(before)
    const copy = path.join(dir, 'sessions-fast.db')
    const report = await tracescopeJson<{ target: string; createdIndex: boolean; plan: string[] }>([
      'maintain',
      '--db',
      fx.path,
      '--optimize',
      '--out',
      copy,
    ])
    expect(report.target).toBe(copy)
    expect(report.createdIndex).toBe(true)
    expect(report.plan.join(' ')).toMatch(/USING INDEX idx_trace_sessions_uid_time/)
    expect(fileFingerprint(fx.path)).toEqual(before)
    const inPlace = await tracescopeJson<{ target: string; backup: string }>([
      'maintain',
      '--db',
      fx.path,
      '--optimize',
      '--in-place',
    ])
    expect(inPlace.target).toBe(fx.path)
    expect(fs.existsSync(inPlace.backup)).toBe(true)
    // the upgraded file still reads the same through the CLI
    const sessions = await tracescopeJson<Array<{ id: string }>>([
      'sessions',
      '--db',
      fx.path,
      '--limit',
      '100',
    ])
    expect(sessions.map((s) => s.id).sort()).toEqual([...fx.sessionIds].sort())
  })
})

describe('bad input', () => {
  // one error line (progress lines may precede it on a slow machine), no stack without --debug
  const oneLine = (s: string): void => {
    expect(
      s
        .trimEnd()
        .split('\n')
        .filter((l) => /^tracescope/.test(l)),
    ).toHaveLength(1)
    expect(s).not.toMatch(/\n\s+at /)
  }

  it('missing file, not SQLite, bad --since, unknown command/option: one line on stderr, exit ≠ 0', async () => {
    const notDb = path.join(dir, 'notes.db')
    writeNotSqliteFile(notDb)
    const runs = await Promise.all([
      tracescope(['sessions', '--db', path.join(dir, 'nope.db')]),
      tracescope(['sessions', '--db', notDb]),
      tracescope(['spans', 'run-alpha', '--db', nativeDb, '--since', 'last tuesday']),
      tracescope(['export', '--db', nativeDb, '--until', '2025-99-99']),
      tracescope(['frobnicate']),
      tracescope(['sessions', '--db', nativeDb, '--bogus']),
      tracescope(['export', '--db', nativeDb, '--format', 'xml']),
      tracescope(['import', path.join(dir, 'nope.json'), '--db', path.join(dir, 'x.db')]),
      tracescope(['export', '--db', nativeDb, '--session', 'run-alpha,run-gamma']),
    ])
    for (const r of runs) {
      expect(r.code).not.toBe(0)
      oneLine(r.stderr)
      expect(r.stdout).toBe('')
    }
    expect(runs[0].stderr).toMatch(/nope\.db: no such file/)
    expect(runs[1].stderr).toMatch(/not an SQLite database/)
    expect(runs[2].stderr).toMatch(/invalid since "last tuesday"/)
    expect(runs[3].stderr).toMatch(/invalid until "2025-99-99"/)
    expect(runs[4].stderr).toMatch(/unknown command "frobnicate"/)
    expect(runs[5].stderr).toMatch(/unknown option --bogus/)
    expect(runs[6].stderr).toMatch(/unknown export format "xml"/)
    expect(runs[7].stderr).toMatch(/nope\.json: no such file/)
    expect(runs[8].stderr).toMatch(/no session "run-gamma"/)
    expect(fs.existsSync(path.join(dir, 'x.db'))).toBe(false)
  })

  it('bad ports, a value that starts with "-", an unknown session for errors: usage errors naming them', async () => {
    const collectDb = path.join(dir, 'collect-never-opened.db')
    const runs = await Promise.all([
      tracescope(['collect', '--port', '99999', '--db', collectDb]),
      tracescope(['serve', '--port', '1.5', '--db', nativeDb]),
      tracescope(['serve', '--port', '-1', '--db', nativeDb]),
      tracescope(['errors', '--session', 'run-nobody', '--db', nativeDb]),
    ])
    for (const r of runs) oneLine(r.stderr)
    expect(runs.map((r) => r.code)).toEqual([2, 2, 2, 1])
    expect(runs[0].stderr).toMatch(/invalid --port "99999": expected a whole number 0–65535/)
    expect(runs[1].stderr).toMatch(/invalid --port "1\.5"/)
    expect(runs[2].stderr).toMatch(
      /--port needs a value; one that starts with "-" is written --port=-5/,
    )
    expect(runs[3].stderr).toMatch(/no session "run-nobody"/)
    // the port is checked before the store is opened, so a typo creates no file
    expect(fs.existsSync(collectDb)).toBe(false)
  })

  it('export to a missing folder, to a folder, or to a full disk: one line, exit 1, no file left', async () => {
    const folder = path.join(dir, 'an-existing-folder')
    fs.mkdirSync(folder, { recursive: true })
    const missing = path.join(dir, 'no-such-folder', 'out.ndjson')
    const [intoMissing, intoFolder] = await Promise.all([
      tracescope(['export', '--db', nativeDb, '--out', missing]),
      tracescope(['export', '--db', nativeDb, '--out', folder]),
    ])
    for (const r of [intoMissing, intoFolder]) {
      expect(r.code).toBe(1)
      oneLine(r.stderr)
    }
    expect(intoMissing.stderr).toContain(`the folder ${path.dirname(missing)} does not exist`)
    expect(intoFolder.stderr).toContain(`--out ${folder} is a folder`)
    expect(fs.readdirSync(folder)).toEqual([])
    expect(fs.readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([])
    // stdout on a full device (ENOSPC): the shell's `> file` on a full disk
    const full = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'export', '--db', nativeDb], {
        stdio: ['ignore', fs.openSync('/dev/full', 'w'), 'pipe'],
      })
      let stderr = ''
      child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()))
      child.on('close', (code) => resolve({ code, stderr }))
    })
    expect(full.code).toBe(1)
    oneLine(full.stderr)
    expect(full.stderr).toMatch(/cannot write the output: ENOSPC/)
  })

  it('--debug adds the stack; --help works globally and per command', async () => {
    const notDb = path.join(dir, 'notes2.db')
    writeNotSqliteFile(notDb)
    const [debug, help, cmdHelp] = await Promise.all([
      tracescope(['stats', '--db', notDb, '--debug']),
      tracescope(['--help']),
      tracescope(['spans', '--help']),
    ])
    expect(debug.code).not.toBe(0)
    expect(debug.stderr).toMatch(/\n\s+at /)
    expect(help.code).toBe(0)
    for (const c of [
      'sessions',
      'trace',
      'spans',
      'errors',
      'resolve',
      'stats',
      'export',
      'import',
      'maintain',
    ])
      expect(help.stdout).toContain(`  ${c}`)
    expect(cmdHelp.code).toBe(0)
    expect(cmdHelp.stdout).toMatch(/Usage: tracescope spans <session>/)
    expect(cmdHelp.stdout).toContain('--since')
  })

  it('an import with a broken line fails with an error naming the line', async () => {
    const bad = path.join(dir, 'broken.ndjson')
    fs.writeFileSync(bad, '{"kind":"session","id":"s1"}\n{"kind":"span", oops\n')
    const r = await tracescope(['import', bad, '--db', path.join(dir, 'broken.db')])
    expect(r.code).not.toBe(0)
    oneLine(r.stderr)
    expect(r.stderr).toMatch(/broken\.ndjson: line 2: not JSON/)
  })
})
