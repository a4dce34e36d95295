// The preload: a narrow, typed bridge on window.tracescope — contract calls, one event
// listener, and the drop helper. ipcRenderer itself never reaches the page. Bundled as
// CommonJS because a sandboxed preload cannot be an ES module.
import { contextBridge, ipcRenderer, webUtils } from 'electron'
import type { IpcRendererEvent } from 'electron'
import type { TraceBridge } from '../shared/contract/api'
import { ContractError, type Envelope } from '../shared/contract/errors'
import { IPC_EVENT, IPC_GRANT_DROP, IPC_INVOKE } from '../main/electron/ipcChannels'

const bridge: TraceBridge = {
  invoke: (channel, input) => {
    if (typeof channel !== 'string')
      return Promise.reject(new TypeError('channel must be a string'))
    return ipcRenderer.invoke(IPC_INVOKE, channel, input)
  },
  onEvent: (listener) => {
    const handler = (_e: IpcRendererEvent, channel: unknown, payload: unknown) => {
      if (typeof channel === 'string') listener(channel as Parameters<typeof listener>[0], payload)
    }
    ipcRenderer.on(IPC_EVENT, handler)
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler)
    }
  },
  pathForFile: async (file) => {
    // a File the page made itself has no path: only real drops become grants
    const p = webUtils.getPathForFile(file as File)
    if (!p) return null
    // main checks the file (exists, regular, SQLite header) and says why it refuses
    const answer = (await ipcRenderer.invoke(IPC_GRANT_DROP, p)) as Envelope<true>
    if (!answer.ok) throw ContractError.fromShape(answer.error)
    return p
  },
}

contextBridge.exposeInMainWorld('tracescope', bridge)
