// Bad records: fuzzed OTLP bodies (JSON and protobuf) to the real collector over loopback, and
// SDK/store records wrong in one way each. Every request is answered (no 500, no dropped
// connection), every rejection names a reason, good spans in the same request are kept, the
// process stays up, and walking parents terminates on cycles.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { startCollector } from '../../src/main/collector'
import { openStore } from '../../src/main/store/traceStore'
import { integrity } from '../lib/dbCheck'
import { JSON_TYPE, PROTO_TYPE, otlpJson, otlpProto, post } from '../lib/otlpBodies'
import {
  GOOD_PER_REQUEST,
  badSpanCases,
  goodSpanId,
  goodSpans,
  invalidUtf8Json,
  invalidUtf8Proto,
  mixedJson,
  mutateBody,
} from '../lib/otlpFuzz'
import { killAndWait, rng, seedFromEnv, spawnTs } from '../lib/proc'
import { Report, type ScenarioResult } from '../types'

const ANSWERS = new Set([200, 400, 413, 415, 429, 503])

export async function runBadRecords(opts: { bodies: number }): Promise<ScenarioResult> {
  const r = new Report('bad-records')
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'torture-records-'))
  try {
    await otlpFuzz(r, path.join(dir, 'otlp.db'), opts.bodies)
    await storeRecords(r, path.join(dir, 'records.db'))
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
  return r.done()
}

async function otlpFuzz(r: Report, file: string, bodies: number): Promise<void> {
  const store = openStore(file)
  const collector = await startCollector({ store, port: 0 })
  const url = `${collector.url}/v1/traces`
  const random = rng(seedFromEnv() + 3)
  const base = Date.now() - 3_600_000
  const statuses = new Map<string, number>()
  const wrong: string[] = []
  const mustKeep: number[] = []
  const mixedLost = new Map<string, number>()
  let req = 0
  const tally = (kind: string, status: number, body: string, error?: string) => {
    statuses.set(
      `${kind} ${status || 'no answer'}`,
      (statuses.get(`${kind} ${status || 'no answer'}`) ?? 0) + 1,
    )
    if (!ANSWERS.has(status)) wrong.push(`${kind}: ${status} ${error ?? ''} ${body.slice(0, 120)}`)
    else if (status !== 200 && !/"message"|\n|[a-z]{4}/i.test(body))
      wrong.push(`${kind}: ${status} without a reason`)
  }
  try {
    // 1. mixed requests: good spans + one span broken in one way
    const cases = badSpanCases(0, base).map((c) => c.label)
    const rounds = Math.max(1, Math.ceil(bodies / cases.length))
    for (let round = 0; round < rounds; round++) {
      for (let c = 0; c < cases.length; c++) {
        const n = ++req
        const bad = badSpanCases(n, base)[c]
        const res = await post(url, mixedJson(n, base, bad.span), JSON_TYPE)
        tally('mixed json', res.status, res.body, res.error)
        if (res.status === 200) mustKeep.push(n)
        else mixedLost.set(bad.label, (mixedLost.get(bad.label) ?? 0) + 1)
      }
    }
    for (let i = 0; i < Math.max(2, bodies / 20); i++) {
      const a = ++req
      const resJ = await post(url, invalidUtf8Json(a, base), JSON_TYPE)
      tally('invalid UTF-8 json', resJ.status, resJ.body, resJ.error)
      if (resJ.status === 200) mustKeep.push(a)
      else
        mixedLost.set(
          'invalid UTF-8 in a JSON string',
          (mixedLost.get('invalid UTF-8 in a JSON string') ?? 0) + 1,
        )
      const b = ++req
      const resP = await post(url, invalidUtf8Proto(b, base), PROTO_TYPE)
      tally('invalid UTF-8 protobuf', resP.status, resP.body, resP.error)
      if (resP.status === 200) mustKeep.push(b)
      else
        mixedLost.set(
          'invalid UTF-8 in a protobuf string',
          (mixedLost.get('invalid UTF-8 in a protobuf string') ?? 0) + 1,
        )
    }
    // 2. whole-body mutations
    for (const json of [true, false]) {
      for (let i = 0; i < bodies; i++) {
        const n = ++req
        const valid = json
          ? Buffer.from(JSON.stringify(otlpJson('fuzz-body', goodSpans(n, base))))
          : otlpProto('fuzz-body', goodSpans(n, base))
        const m = mutateBody(valid, random, json)
        const res = await post(url, m.body, json ? JSON_TYPE : PROTO_TYPE)
        tally(`${json ? 'json' : 'protobuf'} ${m.label}`, res.status, res.body, res.error)
      }
    }
    // 3. still up: a good request is answered and stored
    const last = ++req
    const alive = await post(
      url,
      JSON.stringify(otlpJson('alive', goodSpans(last, base))),
      JSON_TYPE,
    )
    if (alive.status === 200) mustKeep.push(last)
    r.check(
      'after the fuzz',
      'a good request',
      String(alive.status),
      alive.status === 200,
      `collector no longer answers: ${alive.status} ${alive.error ?? ''}`,
    )
  } finally {
    await collector.close()
    await store.close()
  }
  const summary = new Map<string, number>()
  for (const [k, n] of statuses) {
    const status = k.split(' ').at(-1)!
    const kind = k.startsWith('mixed')
      ? 'mixed requests'
      : k.startsWith('invalid')
        ? 'invalid UTF-8'
        : k.startsWith('json')
          ? 'json bodies'
          : 'protobuf bodies'
    summary.set(`${kind} → ${status}`, (summary.get(`${kind} → ${status}`) ?? 0) + n)
  }
  for (const [k, n] of [...summary].sort()) r.info('OTLP fuzz', k, n)
  r.check(
    'OTLP fuzz',
    'answers outside 200/400/413/415/429/503 or without a reason',
    wrong.length,
    wrong.length === 0,
    wrong.slice(0, 5).join(' | '),
  )
  const db = new Database(file, { readonly: true })
  let lostGood = 0
  try {
    const have = new Set(
      db.prepare('SELECT lower(hex(span_id)) FROM spans').pluck().all() as string[],
    )
    for (const n of mustKeep)
      for (let i = 0; i < GOOD_PER_REQUEST; i++) if (!have.has(goodSpanId(n, i))) lostGood++
  } finally {
    db.close()
  }
  r.check(
    'OTLP fuzz',
    'good spans of 200-answered requests missing',
    lostGood,
    lostGood === 0,
    `${lostGood} good spans answered 200 are not stored`,
  )
  const lostKinds = [...mixedLost].map(([k, n]) => `${k} (${n})`)
  r.check(
    'OTLP fuzz',
    'mixed requests refused whole (good spans lost)',
    [...mixedLost.values()].reduce((a, b) => a + b, 0),
    !(mixedLost.size > 0),
    `one bad span made the whole request fail, so its good spans were not kept: ${lostKinds.join(', ')} (src/main/otlp/otlpTraces.ts / src/main/collector/otlpReceiver.ts)`,
  )
  r.check(
    'OTLP fuzz',
    'Object.prototype polluted',
    String(({} as Record<string, unknown>).polluted !== undefined),
    ({} as Record<string, unknown>).polluted === undefined,
    '__proto__ in a body polluted Object.prototype',
  )
  r.check('OTLP fuzz', 'integrity_check', integrity(file), integrity(file) === 'ok', 'corrupted')
}

async function storeRecords(r: Report, file: string): Promise<void> {
  const kase = 'SDK/store records'
  const child = spawnTs('recordsChild.ts', [file])
  const done = await child.waitFor((l) => l.includes('"done"') || l.includes('"fatal"'), 120_000)
  await killAndWait(child, 'SIGKILL')
  if (!done || done.includes('"fatal"')) {
    r.check(
      kase,
      'the writer process finished',
      'no',
      false,
      `records child: ${done ?? 'hung'} ${child.stderr().slice(0, 300)}`,
    )
    return
  }
  const outcomes = child.lines
    .filter((l) => l.startsWith('{"label"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)
  let threw = 0
  let goodLost = 0
  let wrongOutcome = 0
  let unclear = 0
  let rejected = 0
  for (const o of outcomes) {
    if (o.threw) {
      threw++
      r.failures.push(`bad-records: store.write() threw on "${o.label}": ${o.threw}`)
      continue
    }
    if (!o.goodKept) goodLost++
    unclear += o.unclear as number
    rejected += o.rejected as number
    const all = o.rejected === o.of
    if ((o.expect === 'reject' && !all) || (o.expect === 'store' && (o.rejected as number) > 0)) {
      wrongOutcome++
      r.failures.push(
        `bad-records: "${o.label}" expected ${o.expect}, got ${o.rejected}/${o.of} rejected ${JSON.stringify(o.reasons)}`,
      )
    }
  }
  const end = JSON.parse(done) as {
    reads: Record<string, string>
    duplicates: number
    polluted: boolean
  }
  r.info(kase, 'cases (each with a good record beside it)', outcomes.length)
  r.info(kase, 'bad records rejected with field + reason', rejected)
  r.check(kase, 'write() threw instead of answering', threw, threw === 0, 'write threw')
  r.check(
    kase,
    'good records lost beside a bad one',
    goodLost,
    goodLost === 0,
    'a good record was lost',
  )
  r.check(kase, 'outcome not as expected', wrongOutcome, wrongOutcome === 0, 'wrong outcome')
  r.check(kase, 'rejections without field or reason', unclear, unclear === 0, 'unclear rejection')
  r.check(
    kase,
    'rows for an id written twice',
    end.duplicates,
    end.duplicates === 1,
    'duplicate rows for one span id',
  )
  const badReads = Object.entries(end.reads).filter(([, v]) => !v.startsWith('ok'))
  r.check(
    kase,
    'reads over parent cycles that failed',
    badReads.length,
    badReads.length === 0,
    `reads failed: ${JSON.stringify(badReads)}`,
  )
  r.check(
    kase,
    'Object.prototype polluted',
    String(end.polluted),
    !end.polluted,
    'prototype polluted',
  )
}
