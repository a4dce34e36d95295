// A small pool of forked worker processes with a time bound per job: a job that runs too long
// kills its worker (counted as a hang), a worker that dies mid-job is counted as a crash; either
// way a fresh worker takes its place.
import { fork, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { CHILDREN, ROOT } from './proc'

export type PoolAnswer<T> =
  | { status: 'done'; value: T; ms: number }
  | { status: 'hang'; ms: number }
  | { status: 'crash'; ms: number; detail: string }

interface Slot {
  proc: ChildProcess
  ready: Promise<void>
  stderr: string
}

export class WorkerPool<J extends { id: number }, T> {
  private readonly slots: Slot[] = []
  restarts = 0

  constructor(
    private readonly script: string,
    size: number,
    private readonly timeoutMs: number,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.spawn())
  }

  private spawn(): Slot {
    const proc = fork(path.join(CHILDREN, this.script), [], {
      cwd: ROOT,
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    })
    const slot: Slot = { proc, stderr: '', ready: Promise.resolve() }
    proc.stderr!.setEncoding('utf8')
    proc.stderr!.on('data', (c: string) => {
      if (slot.stderr.length < 8192) slot.stderr += c
    })
    slot.ready = new Promise((resolve, reject) => {
      const onMsg = (m: unknown) => {
        if ((m as { ready?: boolean }).ready) {
          proc.off('message', onMsg)
          resolve()
        }
      }
      proc.on('message', onMsg)
      proc.once('exit', (code) =>
        reject(new Error(`worker exited during start-up (${code}): ${slot.stderr}`)),
      )
    })
    return slot
  }

  /** Runs jobs over the pool, at most one per worker at a time; answers in job order. */
  async runAll(
    jobs: J[],
    onAnswer?: (job: J, a: PoolAnswer<T>) => void,
  ): Promise<Array<PoolAnswer<T>>> {
    const answers: Array<PoolAnswer<T>> = new Array(jobs.length)
    let next = 0
    const lane = async (i: number) => {
      while (next < jobs.length) {
        const at = next++
        const a = await this.runOne(i, jobs[at])
        answers[at] = a
        onAnswer?.(jobs[at], a)
      }
    }
    await Promise.all(this.slots.map((_, i) => lane(i)))
    return answers
  }

  private async runOne(i: number, job: J): Promise<PoolAnswer<T>> {
    const slot = this.slots[i]
    await slot.ready
    const t0 = performance.now()
    return new Promise<PoolAnswer<T>>((resolve) => {
      const finish = (a: PoolAnswer<T>, replace: boolean) => {
        clearTimeout(timer)
        slot.proc.off('message', onMsg)
        slot.proc.off('exit', onExit)
        if (replace) {
          this.restarts++
          this.slots[i] = this.spawn()
        }
        resolve(a)
      }
      const onMsg = (m: unknown) => {
        const v = m as T & { id?: number }
        if (v.id === job.id) finish({ status: 'done', value: v, ms: performance.now() - t0 }, false)
      }
      const onExit = (code: number | null, signal: string | null) =>
        finish(
          {
            status: 'crash',
            ms: performance.now() - t0,
            detail: `exit ${code} ${signal ?? ''} ${slot.stderr.slice(-300)}`,
          },
          true,
        )
      const timer = setTimeout(() => {
        slot.proc.off('exit', onExit)
        slot.proc.kill('SIGKILL')
        finish({ status: 'hang', ms: performance.now() - t0 }, true)
      }, this.timeoutMs)
      slot.proc.on('message', onMsg)
      slot.proc.once('exit', onExit)
      slot.proc.send(job)
    })
  }

  close(): void {
    for (const s of this.slots) s.proc.kill('SIGKILL')
  }
}
