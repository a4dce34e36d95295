// The desktop app's store workers run in Electron's utilityProcess (fork would need the
// RunAsNode fuse, which is off). No Electron binary here: a stand-in with utilityProcess's
// shape runs the real store worker in a real child process, and the adapter is checked to pass
// the worker its settings, to end a worker stuck inside SQLite with SIGKILL (utilityProcess's
// own kill() sends SIGTERM) and to let the lane restart it.
import { fork } from 'node:child_process'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { utilityStoreWorker } from '../../src/main/electron/utilityLaneChild'
import type { UtilityFork } from '../../src/main/electron/utilityLaneChild'
import { WorkerStoreService } from '../../src/main/service/workerService'
import { writeDdeutilDb } from '../fixtures/seedWriters'
import { tempDir } from '../service/serviceFixtures'

let tmp: ReturnType<typeof tempDir>
let file: string
const forks: Array<{ serviceName: string; env: NodeJS.ProcessEnv }> = []
const signals: string[] = []

/** utilityProcess.fork's shape over a Node child process */
const standIn: UtilityFork = (modulePath, args, options) => {
  forks.push({ serviceName: options.serviceName, env: options.env })
  const child = fork(modulePath, args, {
    env: options.env,
    execArgv: options.execArgv,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return {
    get pid() {
      return child.pid
    },
    postMessage: (m: unknown) => child.send(m as never),
    on(event: 'message' | 'exit', fn: (x: never) => void) {
      const listener = fn as (x: unknown) => void
      if (event === 'exit') child.on('exit', (code) => listener(code ?? -1))
      else child.on('message', listener)
      return this
    },
    kill: () => child.kill('SIGTERM'),
  }
}

beforeAll(() => {
  tmp = tempDir('tracescope-utility-')
  file = path.join(tmp.dir, 'ddeutil.db')
  writeDdeutilDb(file)
})
afterAll(() => tmp.cleanup())

describe('utilityStoreWorker', () => {
  it('runs the store worker with its settings and SIGKILLs one stuck inside SQLite', async () => {
    const service = new WorkerStoreService({
      callTimeoutMs: 1500,
      allowDebugOps: true,
      onSlowCall: () => undefined,
      spawnWorker: utilityStoreWorker(standIn, (pid, signal) => {
        signals.push(signal)
        process.kill(pid, signal)
      }),
    })
    try {
      const opened = await service.open({ sourceId: 'f', path: file })
      expect(opened.info.kind).toBe('ddeutil-workflow')
      expect(forks[0].serviceName).toBe('Tracescope store worker')
      expect(JSON.parse(forks[0].env.TRACESCOPE_STORE_WORKER!)).toMatchObject({
        allowDebugOps: true,
      })
      await expect(service.debugSqlStall('f')).rejects.toMatchObject({ code: 'timeout' })
      const page = await service.query('f', 'listSessions', {})
      expect(page.items.length).toBeGreaterThan(0)
      expect(signals).toEqual(['SIGKILL'])
      expect(forks).toHaveLength(2)
    } finally {
      await service.shutdown()
    }
  })
})
