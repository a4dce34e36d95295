// Child processes for the scenarios: TypeScript scripts run by node with tsx's loader in the
// same process (not the tsx CLI, which would put a wrapper between us and the signal).
import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..')
export const CHILDREN = path.join(ROOT, 'torture', 'children')

export interface Child {
  proc: ChildProcess
  /** complete stdout lines seen so far */
  lines: string[]
  stderr(): string
  /** resolves with the first line matching, or null if the process exits first or time runs out */
  waitFor(match: (line: string) => boolean, timeoutMs: number): Promise<string | null>
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

export function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const file = path.isAbsolute(script) ? script : path.join(CHILDREN, script)
  const proc = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return wrap(proc)
}

/**
 * The CLI from its sources with tsx's loader (`bin: true`: through bin/tracescope.cjs, the
 * shim `npx tracescope` runs, which registers only tsx's CommonJS hook).
 */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}, bin = false): Child {
  const entry = bin
    ? [path.join(ROOT, 'bin', 'tracescope.cjs')]
    : ['--import', 'tsx', path.join(ROOT, 'src', 'cli', 'index.ts')]
  const proc = spawn(process.execPath, [...entry, ...args], {
    cwd: ROOT,
    // the sources under test, never a dist/ build that may be older
    env: { ...process.env, TRACESCOPE_FROM_SOURCE: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return wrap(proc)
}

function wrap(proc: ChildProcess): Child {
  const lines: string[] = []
  let partial = ''
  let err = ''
  const watchers = new Set<(line: string) => void>()
  proc.stdout!.setEncoding('utf8')
  proc.stdout!.on('data', (chunk: string) => {
    partial += chunk
    let nl: number
    while ((nl = partial.indexOf('\n')) >= 0) {
      const line = partial.slice(0, nl)
      partial = partial.slice(nl + 1)
      lines.push(line)
      for (const w of watchers) w(line)
    }
  })
  proc.stderr!.setEncoding('utf8')
  proc.stderr!.on('data', (chunk: string) => {
    if (err.length < 64 * 1024) err += chunk
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    proc.once('close', (code, signal) => resolve({ code, signal }))
  })
  return {
    proc,
    lines,
    stderr: () => err,
    exited,
    waitFor(match, timeoutMs) {
      const seen = lines.find(match)
      if (seen !== undefined) return Promise.resolve(seen)
      return new Promise((resolve) => {
        const finish = (v: string | null) => {
          clearTimeout(timer)
          watchers.delete(watcher)
          resolve(v)
        }
        const watcher = (line: string) => {
          if (match(line)) finish(line)
        }
        const timer = setTimeout(() => finish(null), timeoutMs)
        watchers.add(watcher)
        void exited.then(() => setImmediate(() => finish(lines.find(match) ?? null)))
      })
    },
  }
}

/** Kills a child by its own pid and waits for it to be gone (bounded). */
export async function killAndWait(child: Child, signal: NodeJS.Signals, timeoutMs = 15_000) {
  if (child.proc.exitCode === null && child.proc.signalCode === null) child.proc.kill(signal)
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref())
  const r = await Promise.race([child.exited, timer])
  if (r === 'timeout') {
    child.proc.kill('SIGKILL')
    return { ...(await child.exited), timedOut: true }
  }
  return { ...r, timedOut: false }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** the fixtures' deterministic PRNG, so a run can be replayed with TORTURE_SEED */
export { prng as rng } from '../../test/fixtures/fixtureTypes'

export function seedFromEnv(): number {
  const s = Number(process.env.TORTURE_SEED ?? 7)
  return Number.isFinite(s) ? s : 7
}
