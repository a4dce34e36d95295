// The critical path's switch and what it needs beyond the spans: the session's agent messages
// (a message makes the receiving agent's span wait on the sender's; see pathWaits.ts).
import type { PathMessage } from '../timeline/pathWaits'
import { api } from './apiRef'
import type { Slice } from './types'

export interface PathSlice {
  /** the timeline marks the critical path and lists its steps */
  showPath: boolean
  pathMessages: ReadonlyArray<PathMessage>
  /** the session the messages are of */
  pathMessagesOf: string | null
  setShowPath(on: boolean): void
  /** reads the open session's messages once (the path is drawn without them meanwhile) */
  loadPathMessages(): Promise<void>
}

const NO_MESSAGES: ReadonlyArray<PathMessage> = []

export const createPathSlice: Slice<PathSlice> = (set, get) => ({
  showPath: false,
  pathMessages: NO_MESSAGES,
  pathMessagesOf: null,
  setShowPath(on) {
    set({ showPath: on })
    if (on) void get().loadPathMessages()
  },
  async loadPathMessages() {
    const { sourceId, sessionId, pathMessagesOf } = get()
    if (!sourceId || !sessionId || pathMessagesOf === sessionId) return
    set({ pathMessagesOf: sessionId, pathMessages: NO_MESSAGES })
    try {
      // one page (5,000 messages): a swarm that talks more still gets a path, from its spans,
      // links and the first messages
      const page = await api().invoke('messages.list', { sourceId, sessionId, limit: 5000 })
      if (get().sessionId === sessionId) set({ pathMessages: page.items })
    } catch {
      // without messages the path still follows spans and links
    }
  },
})
