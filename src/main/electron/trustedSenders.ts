// The webContents we created, and which caller each one is. An IPC call counts only when it
// comes from one of them, from that very object, and from its top frame (not an iframe).
import type { IpcMainInvokeEvent } from 'electron'
import type { TrustedSenders } from './ipcMainTransport'

type SenderLike = Pick<IpcMainInvokeEvent['sender'], 'id' | 'mainFrame'>
type EventLike = { sender: SenderLike; senderFrame: unknown }

export class TrustedWindows implements TrustedSenders {
  private readonly byId = new Map<number, { contents: SenderLike; callerId: string }>()

  add(contents: SenderLike, callerId: string): void {
    this.byId.set(contents.id, { contents, callerId })
  }

  remove(contents: Pick<SenderLike, 'id'>): void {
    this.byId.delete(contents.id)
  }

  callerOf(event: EventLike): string | null {
    const known = this.byId.get(event.sender.id)
    if (!known || known.contents !== event.sender) return null
    if (!event.senderFrame || event.senderFrame !== event.sender.mainFrame) return null
    return known.callerId
  }
}
