// The typed client the renderer uses, the bridge the preload exposes, and the handler table
// every transport serves.
import type { EventChannel, EventPayload, LiveEventChannel, BroadcastChannel } from './events'
import type { InvokeChannel, InvokeInput, InvokeOutput, LiveTopic, ParsedInput } from './invoke'
import type { Envelope } from './errors'
import type { EncodedWireValue } from './wire'

export type Unsubscribe = () => void

export interface LiveSpec {
  sourceId: string
  topic: LiveTopic
  /** required for 'spans'; optional for 'errors' (all sessions when absent) */
  sessionId?: string
}

type LiveChannelFor<T extends LiveTopic> = T extends 'sessions'
  ? 'live.sessions'
  : T extends 'spans'
    ? 'live.spans'
    : 'live.errors'

/** What the renderer (src/renderer/api) gives the views. Rejects with ContractError. */
export interface TraceApi {
  readonly mode: 'electron' | 'browser' | 'in-process'
  invoke<C extends InvokeChannel>(channel: C, input: InvokeInput<C>): Promise<InvokeOutput<C>>
  /** a view's live subscription; acks are handled for you. Call the result to stop. */
  subscribe<T extends LiveTopic>(
    spec: LiveSpec & { topic: T },
    listener: (event: EventPayload<LiveChannelFor<T>>) => void,
  ): Unsubscribe
  /** events not tied to a subscription: export progress, sources opened by main */
  on<E extends BroadcastChannel>(
    channel: E,
    listener: (payload: EventPayload<E>) => void,
  ): Unsubscribe
  /**
   * Electron: the real path of a File dropped on the window (also grants it to `sources.open`).
   * Null for a File that did not come from the file system, and always in browser mode.
   */
  pathForDroppedFile(file: Blob): Promise<string | null>
}

/**
 * What the preload exposes as `window.tracescope` (Electron only). Narrow: invoke only
 * contract channels, one event listener, and the drop helper — never ipcRenderer itself.
 */
export interface TraceBridge {
  invoke(channel: InvokeChannel, input: unknown): Promise<Envelope<unknown>>
  onEvent(listener: (channel: EventChannel, payload: unknown) => void): Unsubscribe
  /** the dropped File's real path (granted to `sources.open`), null for a File not from disk */
  pathForFile(file: Blob): Promise<string | null>
}

/** Who is calling, for handlers that care (grants, subscriptions). */
export interface CallerContext {
  /** stable id of the calling window / WebSocket / in-process client */
  callerId: string
  transport: 'electron' | 'browser' | 'in-process'
}

/**
 * One handler per invoke channel; input already validated. Transports only adapt this. A handler
 * may answer a browser caller with its output already encoded for the wire (EncodedWireValue).
 */
export type HandlerTable<Ctx extends CallerContext = CallerContext> = {
  [C in InvokeChannel]: (
    input: ParsedInput<C>,
    ctx: Ctx,
  ) => Promise<InvokeOutput<C> | EncodedWireValue>
}

export type { LiveEventChannel }
