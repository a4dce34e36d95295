// Store workers in the desktop app: Electron's utilityProcess, because child_process.fork of
// the Electron binary needs the RunAsNode fuse, which electron-builder.yml turns off. Written
// against the shape of utilityProcess.fork (not an import of electron) so the adapter is
// tested under plain Node with a stand-in; desktopApp.ts passes the real one.
import { storeWorkerScript } from '../service/workerSpawn'
import type { LaneChild, SpawnLaneChild } from '../service/workerSpawn'
import { WORKER_DATA_ENV } from '../service/workerProtocol'
import type { WorkerReply } from '../service/workerProtocol'

/** the part of Electron's UtilityProcess a lane uses */
export interface UtilityProcessLike {
  readonly pid: number | undefined
  postMessage(message: unknown): void
  on(event: 'message', fn: (message: unknown) => void): unknown
  on(event: 'exit', fn: (code: number) => void): unknown
  kill(): boolean
}

export type UtilityFork = (
  modulePath: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; serviceName: string; stdio: 'inherit'; execArgv: string[] },
) => UtilityProcessLike

export function utilityStoreWorker(
  fork: UtilityFork,
  kill: (pid: number, signal: NodeJS.Signals) => void = process.kill,
): SpawnLaneChild {
  return (data) => {
    const { file, entry } = storeWorkerScript()
    const child = fork(file, [], {
      env: { ...process.env, [WORKER_DATA_ENV]: JSON.stringify({ ...data, entry }) },
      serviceName: 'Tracescope store worker',
      stdio: 'inherit',
      execArgv: ['--max-old-space-size=1024'],
    })
    let exited = false
    const lane: LaneChild = {
      get pid() {
        return child.pid
      },
      send: (call) => child.postMessage(call),
      onMessage: (fn) => child.on('message', (m) => fn(m as WorkerReply)),
      onExit: (fn) =>
        child.on('exit', (code) => {
          exited = true
          fn(`exited with code ${code}`)
        }),
      kill() {
        if (exited) return
        // utilityProcess.kill() asks politely (SIGTERM); a worker inside SQLite needs SIGKILL
        if (child.pid !== undefined) {
          try {
            kill(child.pid, 'SIGKILL')
            return
          } catch {
            // already gone, or not ours to signal: fall back to Electron's own kill
          }
        }
        child.kill()
      },
      // the app's lifetime is app.quit(), not the event loop: nothing to ref
      ref: () => undefined,
      unref: () => undefined,
    }
    return lane
  }
}
