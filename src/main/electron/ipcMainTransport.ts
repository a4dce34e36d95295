// The Electron transport: the only code that touches ipcMain. Every contract call arrives on
// one channel and is answered with an envelope from the shared handler table. A call from a
// webContents we did not create, or from a subframe, is refused before anything else runs.
import type { IpcMainInvokeEvent } from 'electron'
import type { Envelope } from '../../shared/contract/errors'
import type { EventChannel } from '../../shared/contract/events'
import type { AppCore } from '../service/appCore'
import { checkDroppedFile } from './dropGrant'
import { IPC_EVENT, IPC_GRANT_DROP, IPC_INVOKE } from './ipcChannels'

/** The part of ipcMain we use (a fake in tests). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcMainInvokeEvent, ...args: unknown[]) => unknown,
  ): void
  removeHandler(channel: string): void
}

/** The part of a webContents we use to push events. */
export interface EventTarget {
  id: number
  isDestroyed(): boolean
  send(channel: string, ...args: unknown[]): void
}

export interface TrustedSenders {
  /** the caller id of a webContents we created (its main frame), else null */
  callerOf(event: IpcMainInvokeEvent): string | null
}

const refused: Envelope<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'This window is not one Tracescope opened.' },
}

export function serveOverIpc(ipc: IpcMainLike, core: AppCore, trusted: TrustedSenders): () => void {
  ipc.handle(IPC_INVOKE, async (event, channel, input) => {
    const callerId = trusted.callerOf(event)
    if (!callerId) return refused
    return core.dispatch(channel, input, { callerId, transport: 'electron' })
  })
  // answers an envelope: true when granted, else a typed error the drop shows (dropGrant.ts)
  ipc.handle(IPC_GRANT_DROP, async (event, file): Promise<Envelope<true>> => {
    const callerId = trusted.callerOf(event)
    if (!callerId) return refused
    const problem = checkDroppedFile(file)
    if (problem) return { ok: false, error: problem }
    core.grants.grant(callerId, file as string)
    return { ok: true, value: true }
  })
  return () => {
    ipc.removeHandler(IPC_INVOKE)
    ipc.removeHandler(IPC_GRANT_DROP)
  }
}

/** Events for one window: dropped silently once it is gone. */
export function ipcEventSink(
  target: EventTarget,
): (channel: EventChannel, payload: unknown) => void {
  return (channel, payload) => {
    if (!target.isDestroyed()) target.send(IPC_EVENT, channel, payload)
  }
}

/** The real thing, for src/main/electron/desktopApp.ts. */
export async function serveOverElectronIpc(
  core: AppCore,
  trusted: TrustedSenders,
): Promise<() => void> {
  const { ipcMain } = await import('electron')
  return serveOverIpc(ipcMain, core, trusted)
}
