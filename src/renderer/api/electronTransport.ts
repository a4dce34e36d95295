// Electron: the preload's narrow bridge (window.tracescope) is the transport.
import type { ClientTransport } from '../../shared/contract/client'
import type { TraceBridge } from '../../shared/contract/api'

export function electronBridge(): TraceBridge | null {
  const bridge = (globalThis as { tracescope?: TraceBridge }).tracescope
  return bridge ?? null
}

export function electronTransport(bridge: TraceBridge): ClientTransport {
  return {
    invoke: (channel, input) => bridge.invoke(channel, input),
    onEvent: (listener) => bridge.onEvent(listener),
    pathForFile: (file) => bridge.pathForFile(file),
  }
}
