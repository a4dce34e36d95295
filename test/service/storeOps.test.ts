// The store worker's typed interface (src/main/service/storeOps.ts). The `@ts-expect-error`
// lines are the compile-time half: `tsc -p tsconfig.test.json` fails if a wrong call ever
// type-checks (the directive then has no error to expect), so the typing cannot silently rot.
// The runtime half checks the answering side against the map and a real worker process's
// refusal of a name the map does not have.
import { afterAll, describe, expect, it } from 'vitest'
import { createHostOps } from '../../src/main/service/hostOps'
import { SourceHost } from '../../src/main/service/sourceHost'
import { createOpener } from '../../src/main/service/defaultOpener'
import { STORE_OPS, isStoreOp } from '../../src/main/service/storeOps'
import type { StoreOpCall, StoreOpHandlers } from '../../src/main/service/storeOps'
import { forkStoreWorker } from '../../src/main/service/workerSpawn'
import type { LaneChild } from '../../src/main/service/workerSpawn'
import type { WorkerReply } from '../../src/main/service/workerProtocol'
import type { WorkerLane } from '../../src/main/service/workerLane'
import type { StoreService } from '../../src/main/service/storeService'

/** never called: only compiled, so each wrong call below must be a type error */
export function wrongCallsDoNotCompile(lane: WorkerLane, service: StoreService): void {
  // @ts-expect-error open takes an OpenRequest, not a bare source id
  void lane.call('open', { sourceId: 'a' }, 1000)
  // @ts-expect-error no such operation
  void lane.call('drop', { sourceId: 'a' }, 1000)
  // @ts-expect-error tableRows needs a limit and a cursor
  void lane.call('tableRows', { sourceId: 'a', table: 't' }, 1000)
  // @ts-expect-error a call's op and args must belong to the same operation
  const call: StoreOpCall = { id: 1, op: 'close', args: { ms: 5 } }
  void call
  // @ts-expect-error the result type follows the operation: close answers a boolean
  const n: Promise<number> = lane.call('close', { sourceId: 'a' }, 1000)
  void n
  // @ts-expect-error the service's typed methods check arguments too
  void service.maintainAppStore('a', '30')
}

/** never called: an answering side that lacks an operation, or answers one wrongly, fails */
export function incompleteHandlersDoNotCompile(full: StoreOpHandlers): StoreOpHandlers[] {
  const { spin: _spin, ...rest } = full
  return [
    // @ts-expect-error every operation of the map must be answered
    rest,
    // @ts-expect-error flush answers void, not a number
    { ...full, flush: (_a: { sourceId: string }) => 3 },
  ]
}

describe('storeOps', () => {
  it('the answering side implements exactly the operations of the map', () => {
    const ops = createHostOps(new SourceHost(createOpener()), () => undefined)
    expect(Object.keys(ops).sort()).toEqual(Object.keys(STORE_OPS).sort())
    for (const op of Object.keys(STORE_OPS))
      expect(typeof (ops as Record<string, unknown>)[op]).toBe('function')
  })

  it('knows its own names and nothing inherited', () => {
    expect(isStoreOp('query')).toBe(true)
    expect(isStoreOp('toString')).toBe(false)
    expect(isStoreOp('drop')).toBe(false)
  })

  it('routes only reads to a reader, and bounds only what may run long differently', () => {
    const reads = Object.entries(STORE_OPS)
      .filter(([, t]) => t.read)
      .map(([op]) => op)
    expect(reads.sort()).toEqual(
      [
        'cohort',
        'compareRuns',
        'groupStats',
        'listTables',
        'query',
        'spanColumns',
        'spanColumnsWire',
        'tableRows',
      ].sort(),
    )
    // a write must never reach a read-only connection
    for (const op of ['ingest', 'flush', 'resolveError', 'maintainAppStore', 'collectorStart'])
      expect(STORE_OPS[op as keyof typeof STORE_OPS].read).toBe(false)
    expect(STORE_OPS.exportStart.bound).toBeNull()
  })

  describe('a real store worker process', () => {
    let child: LaneChild | null = null
    afterAll(() => child?.kill())

    it('refuses an operation the map does not have, naming it', async () => {
      child = forkStoreWorker({ pollChanges: false })
      const reply = new Promise<WorkerReply>((resolve) => child?.onMessage(resolve))
      // a message from an older or foreign caller: not a StoreOpCall, so it is cast on purpose
      child.send({ id: 7, op: 'dropEverything', args: {} } as unknown as StoreOpCall)
      const r = await reply
      expect(r).toMatchObject({ type: 'result', id: 7, ok: false })
      if (r.type === 'result' && !r.ok) {
        expect(r.error.code).toBe('unknown-channel')
        expect(r.error.message).toContain('dropEverything')
      }
    })
  })
})
