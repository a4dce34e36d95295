// The preload against a stand-in for Electron's renderer modules: it exposes exactly the narrow
// bridge (never ipcRenderer), sends calls on the one invoke channel, and turns a File into a
// grant only when Electron knows its real path.
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { TraceBridge } from '../../src/shared/contract/api'
import { IPC_EVENT, IPC_GRANT_DROP, IPC_INVOKE } from '../../src/main/electron/ipcChannels'

const exposed: Record<string, unknown> = {}
const invoked: unknown[][] = []
const listeners = new Map<string, (...a: unknown[]) => void>()

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api
    },
  },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args)
      if (args[0] !== IPC_GRANT_DROP) return { ok: true, value: 'answer' }
      // main's answer to a grant: refuses what is not a SQLite file (dropGrant.ts)
      return String(args[1]).endsWith('.txt')
        ? {
            ok: false,
            error: { code: 'source-error', message: 'notes.txt is not an SQLite database' },
          }
        : { ok: true, value: true }
    },
    on: (channel: string, fn: (...a: unknown[]) => void) => listeners.set(channel, fn),
    removeListener: (channel: string) => listeners.delete(channel),
  },
  webUtils: {
    getPathForFile: (file: { realPath?: string }) => file.realPath ?? '',
  },
}))

let bridge: TraceBridge

beforeAll(async () => {
  await import('../../src/preload/index')
  bridge = exposed.tracescope as TraceBridge
})

describe('preload bridge', () => {
  it('exposes one object with three functions and nothing of ipcRenderer', () => {
    expect(Object.keys(exposed)).toEqual(['tracescope'])
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'onEvent', 'pathForFile'])
    for (const v of Object.values(bridge)) expect(typeof v).toBe('function')
    expect(JSON.stringify(Object.keys(bridge))).not.toMatch(/send|on\b|sendSync|ipc/i)
  })

  it('sends contract calls on the invoke channel only, with a string channel name', async () => {
    await expect(bridge.invoke('sessions.list', { sourceId: 'a' })).resolves.toEqual({
      ok: true,
      value: 'answer',
    })
    expect(invoked.at(-1)).toEqual([IPC_INVOKE, 'sessions.list', { sourceId: 'a' }])
    await expect(bridge.invoke(42 as never, {})).rejects.toThrow(/channel must be a string/)
  })

  it('delivers events to one listener and stops on unsubscribe', () => {
    const got: unknown[] = []
    const off = bridge.onEvent((channel, payload) => got.push([channel, payload]))
    listeners.get(IPC_EVENT)?.({}, 'export.progress', { exportId: 'e' })
    expect(got).toEqual([['export.progress', { exportId: 'e' }]])
    off()
    expect(listeners.has(IPC_EVENT)).toBe(false)
  })

  it('grants a dropped file with a real path; a File the page made has none', async () => {
    const before = invoked.length
    expect(await bridge.pathForFile({ realPath: '' } as unknown as Blob)).toBeNull()
    expect(invoked.length).toBe(before)
    expect(await bridge.pathForFile({ realPath: '/home/u/run.db' } as unknown as Blob)).toBe(
      '/home/u/run.db',
    )
    expect(invoked.at(-1)).toEqual([IPC_GRANT_DROP, '/home/u/run.db'])
  })

  it("a drop main refuses rejects with main's typed reason", async () => {
    await expect(
      bridge.pathForFile({ realPath: '/home/u/notes.txt' } as unknown as Blob),
    ).rejects.toMatchObject({ code: 'source-error', message: /not an SQLite database/ })
  })
})
