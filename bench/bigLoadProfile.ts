// Where the time goes when the viewer loads a big session: `npx tsx bench/bigLoadProfile.ts`
// (BENCH_SPANS, default 1,000,000). Writes bigSession.ts's swarm, serves it, opens the timeline
// in headless Chromium with the DevTools profiler on, and prints: first paint, full load, the
// page's main-thread time by function (self time, top 20) and how much of the load the page's
// main thread sat idle (waiting for the server), plus the page count the load took, and the CPU
// time each process spent on the load (from /proc: on a loaded machine, wall time mostly waits),
// and each Chromium thread's. The server runs in a process of its own (benchServer.ts); this
// driver's own CPU is mostly Playwright receiving DevTools' copy of every WebSocket frame, and
// the page's includes the profiler's (v8:ProfEvntProc): neither is the product's.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { TraceRecord } from '../src/shared/domain'
import { openStore } from '../src/main/store/traceStore'
import { fork } from 'node:child_process'
import { RENDERER_SRC, rendererBuildOptions } from '../src/main/server/rendererBuild'
import { chromiumMissingReason, launch, openPage } from '../test/e2e/browser'
import { bigSession } from './bigSession'

const SPANS = Number(process.env.BENCH_SPANS ?? 1_000_000)
const SESSION = 'big'

/**
 * CPU seconds so far of this process and its descendants, by role: the store worker (a forked
 * node), Chromium's renderer (the page, all its threads), the rest of Chromium. Linux only.
 */
function cpuByProcess(): Record<string, number> {
  return cpuSnapshot().byRole
}

/** CPU seconds of one process's threads by thread name (several threads share a name) */
function threadCpu(pid: number, role: string, into: Record<string, number>): void {
  let tasks: string[] = []
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`)
  } catch {
    return
  }
  for (const tid of tasks) {
    try {
      const st = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')
      const name = st.slice(st.indexOf('(') + 1, st.lastIndexOf(')')).replace(/\d+$/, '')
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ')
      const key = `${role}: ${name}`
      into[key] = (into[key] ?? 0) + (Number(f[11]) + Number(f[12])) / 100
    } catch {
      // the thread ended meanwhile
    }
  }
}

function cpuSnapshot(): { byRole: Record<string, number>; byThread: Record<string, number> } {
  const out: Record<string, number> = {
    server: 0,
    'store worker': 0,
    page: 0,
    browser: 0,
    'this driver (Playwright)': 0,
  }
  const byThread: Record<string, number> = {}
  const kids = new Map<number, Array<{ pid: number; cpu: number; cmd: string }>>()
  let self = 0
  for (const d of fs.existsSync('/proc') ? fs.readdirSync('/proc') : []) {
    if (!/^\d+$/.test(d)) continue
    try {
      const st = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ')
      const cpu = (Number(f[11]) + Number(f[12])) / 100
      if (Number(d) === process.pid) self = cpu
      const cmd = fs.readFileSync(`/proc/${d}/cmdline`, 'utf8')
      const list = kids.get(Number(f[1])) ?? []
      list.push({ pid: Number(d), cpu, cmd })
      kids.set(Number(f[1]), list)
    } catch {
      // the process ended meanwhile
    }
  }
  out['this driver (Playwright)'] = self
  const walk = (pid: number): void => {
    for (const c of kids.get(pid) ?? []) {
      const role = c.cmd.includes('--type=renderer')
        ? 'page'
        : /chrom/i.test(c.cmd)
          ? 'browser'
          : c.cmd.includes('benchServer')
            ? 'server'
            : 'store worker'
      out[role] += c.cpu
      if (role !== 'store worker') threadCpu(c.pid, role, byThread)
      walk(c.pid)
    }
  }
  walk(process.pid)
  return { byRole: out, byThread }
}

/** The server in a process of its own (benchServer.ts), so its CPU time is its own. */
async function serveApart(
  dbPath: string,
  rendererDir: string,
): Promise<{ url: string; close(): void }> {
  const child = fork(path.join(__dirname, 'benchServer.ts'), [], {
    execArgv: [
      '--import',
      'tsx',
      ...(process.env.BENCH_SERVER_PROF
        ? [
            '--cpu-prof',
            '--cpu-prof-interval=500',
            `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`,
          ]
        : []),
    ],
    env: { ...process.env, BENCH_SERVE: JSON.stringify({ dbPath, rendererDir }) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m) => resolve((m as { url: string }).url))
    child.once('exit', (code) => reject(new Error(`the bench server exited (${code})`)))
  })
  return { url, close: () => child.disconnect() }
}

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

async function main(): Promise<void> {
  const missing = chromiumMissingReason()
  if (missing) return console.log(`skipped: ${missing}`)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tracescope-loadprofile-'))
  // BENCH_DB: a fixture kept from an earlier run (written there if it does not exist yet), so
  // runs that alternate two builds read the very same file
  const file = process.env.BENCH_DB ?? path.join(dir, 'big.db')
  let t = performance.now()
  if (!fs.existsSync(file)) {
    const store = openStore(file)
    let batch: TraceRecord[] = []
    for (const r of bigSession(SESSION, SPANS)) {
      batch.push(r)
      if (batch.length === 5000) {
        await store.write(batch)
        batch = []
      }
    }
    await store.write(batch)
    await store.close()
    console.log(
      `fixture: ${SPANS.toLocaleString()} spans written in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    )
  }
  // built unminified, so the profile names functions as the sources do
  const rendererDir = path.join(dir, 'renderer')
  const { build } = await import('vite')
  await build({
    configFile: false,
    root: RENDERER_SRC,
    logLevel: 'warn',
    ...rendererBuildOptions,
    build: { ...rendererBuildOptions.build, outDir: rendererDir, minify: false },
  })
  const server = await serveApart(file, rendererDir)
  const browser = await launch()
  try {
    const { page } = await openPage(browser, 'about:blank', { width: 1400, height: 900 })
    const cdp = await page.context().newCDPSession(page)
    // BENCH_PROFILE=0: no profiler, whose own thread is a second or more of the page's CPU
    const profiling = process.env.BENCH_PROFILE !== '0'
    if (profiling) {
      await cdp.send('Profiler.enable')
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 })
    }
    // counted in the page: a Playwright frame listener has DevTools copy every frame's bytes to
    // this process as base64, which cost more CPU than serving them
    await page.addInitScript(() => {
      const Ws = window.WebSocket
      const w = window as unknown as { __wsMessages: number }
      w.__wsMessages = 0
      window.WebSocket = class extends Ws {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(url, protocols)
          this.addEventListener('message', () => w.__wsMessages++)
        }
      }
    })
    if (profiling) await cdp.send('Profiler.start')
    const threads0 = cpuSnapshot().byThread
    const cpu0 = cpuByProcess()
    t = performance.now()
    await page.goto(`${server.url}#/session/${SESSION}/timeline`)
    const rowsAtLeast = (n: number, timeout: number) =>
      page.waitForFunction(
        (want) =>
          Number(
            document.querySelector('[data-testid=timeline-scroller]')?.getAttribute('data-rows') ??
              0,
          ) >= want,
        n,
        { polling: 100, timeout },
      )
    await rowsAtLeast(1, 60_000)
    const firstPaint = performance.now() - t
    await rowsAtLeast(SPANS, 600_000)
    const fullLoad = performance.now() - t
    const cpu1 = cpuByProcess()
    const pages = await page.evaluate(
      () => (window as unknown as { __wsMessages: number }).__wsMessages,
    )
    const threads1 = cpuSnapshot().byThread
    const { profile } = profiling
      ? ((await cdp.send('Profiler.stop')) as {
          profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }
        })
      : { profile: { nodes: [], samples: [], timeDeltas: [] } }
    const byId = new Map(profile.nodes.map((n) => [n.id, n]))
    const self = new Map<string, number>()
    let total = 0
    profile.samples.forEach((id, i) => {
      const n = byId.get(id)!
      const f = n.callFrame
      const file = f.url.split('/').pop() ?? ''
      const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}`
      const ms = profile.timeDeltas[i] / 1000
      self.set(key, (self.get(key) ?? 0) + ms)
      total += ms
    })
    const idle = self.get('(idle) :0') ?? 0
    // native work of the main thread (the page's own, or message dispatch): not idle
    const native = self.get('(program) :0') ?? 0
    console.log(
      `first paint ${(firstPaint / 1000).toFixed(2)} s, full load ${(fullLoad / 1000).toFixed(1)} s`,
    )
    console.log(
      `page main thread over ${(total / 1000).toFixed(1)} s profiled: ${((total - idle - native) / 1000).toFixed(1)} s in JavaScript and GC, ${(native / 1000).toFixed(1)} s native ("(program)"), ${(idle / 1000).toFixed(1)} s idle (waiting for the server); ${pages} WebSocket messages`,
    )
    console.log(
      `CPU time of the load: ${Object.keys(cpu0)
        .map((k) => `${k} ${(cpu1[k] - cpu0[k]).toFixed(2)} s`)
        .join(', ')}`,
    )
    console.log(
      `  by thread: ${Object.keys(threads1)
        .map((k): [string, number] => [k, threads1[k] - (threads0[k] ?? 0)])
        .filter(([, s]) => s >= 0.05)
        .sort((a, b) => b[1] - a[1])
        .map(([k, s]) => `${k} ${s.toFixed(2)} s`)
        .join(', ')}`,
    )
    for (const [k, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 20))
      console.log(`  ${(ms / 1000).toFixed(2).padStart(6)} s  ${k}`)
    // the views over the whole loaded session: the critical path, then agent lanes
    t = performance.now()
    await page.click('[data-testid=path-toggle]')
    await page.waitForSelector('[data-testid=timeline-scroller][data-path-steps]', {
      timeout: 120_000,
    })
    const pathMs = performance.now() - t
    const steps = await page.getAttribute('[data-testid=timeline-scroller]', 'data-path-steps')
    t = performance.now()
    await page.click('[data-testid=lanes-toggle]')
    await page.waitForSelector('[data-testid=lane]', { timeout: 120_000 })
    const lanesMs = performance.now() - t
    console.log(
      `critical path shown ${(pathMs / 1000).toFixed(2)} s after the click (${Number(steps).toLocaleString()} steps); agent lanes ${(lanesMs / 1000).toFixed(2)} s`,
    )
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} on ${os.cpus().length} cores`,
    )
  } finally {
    await browser.close()
    server.close()
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
