// What a span waits on beyond its children: its links, and messages from other agents (the
// receiver's running span waits on the sender's until the message), through to the path.
import { describe, expect, it } from 'vitest'
import { linkWaits, messageWaits, sessionPath } from '../../src/renderer/timeline/pathWaits'
import { appendColumns, appendSpans, emptyTable } from '../../src/renderer/timeline/spanTable'
import { buildSpanTree } from '../../src/renderer/timeline/spanTree'
import { spansToColumns } from '../../src/shared/contract/spanColumns'
import { span } from './helpers'

const waitsOf = (t: ReturnType<typeof emptyTable>, w: ReturnType<typeof linkWaits>) =>
  Array.from(w.waiter, (s, k) => `${t.ids[s]}→${t.ids[w.on[k]]}@${w.at[k]}`)

describe('pathWaits', () => {
  it('a link waits on the linked span until it ended; a link out of the session is left out', () => {
    const spans = [
      span('coder', null, 0, 100, { links: [{ traceId: 't1', spanId: 'review' }] }),
      span('review', null, 0, 60),
      span('lone', null, 0, 10, { links: [{ traceId: 't9', spanId: 'elsewhere' }] }),
    ]
    // through the columns the viewer loads, a page at a time, and a page read again
    let t = emptyTable(2)
    t = appendColumns(t, spansToColumns(spans.slice(0, 2), null))
    t = appendColumns(t, spansToColumns(spans, null))
    expect(waitsOf(t, linkWaits(t))).toEqual(['coder→review@60'])
    expect(
      waitsOf(appendSpans(emptyTable(2), spans), linkWaits(appendSpans(emptyTable(2), spans))),
    ).toEqual(['coder→review@60'])
  })

  it("a message waits the receiver's running span on the sender's, innermost first", () => {
    const t = appendSpans(emptyTable(2), [
      span('b-run', null, 0, 100, { agentId: 'b' }),
      span('b-step', 'b-run', 40, 80, { agentId: 'b' }),
      span('a-run', null, 0, 50, { agentId: 'a' }),
      span('a-early', null, 0, 20, { agentId: 'a' }),
      span('c-run', null, 0, 100, { agentId: 'c' }),
    ])
    const w = messageWaits(t, [
      { senderAgentId: 'a', receiverAgentId: 'b', time: 45 }, // both running
      { senderAgentId: 'a', receiverAgentId: 'b', time: 90 }, // a ran no span then: its last
      { senderAgentId: 'a', receiverAgentId: 'b', time: 200 }, // b ran no span then: nothing
      { senderAgentId: 'x', receiverAgentId: 'b', time: 45 }, // an agent with no spans
      { senderAgentId: 'c', receiverAgentId: null, time: 45 }, // a broadcast
    ])
    expect(waitsOf(t, w)).toEqual(['b-step→a-run@45', 'b-run→a-run@90'])
  })

  it('puts the waits on the path and indexes its steps by span', () => {
    const t = appendSpans(emptyTable(2), [
      span('receiver', null, 0, 100, { agentId: 'b' }),
      span('own', 'receiver', 10, 50, { agentId: 'b' }),
      span('sender', null, 0, 70, { agentId: 'a' }),
    ])
    const tree = buildSpanTree(t)
    const msgs = [{ senderAgentId: 'a', receiverAgentId: 'b', time: 60 }]
    const sp = sessionPath(t, tree, msgs, 100)
    const steps = Array.from(
      sp.path.span,
      (s, k) => `${t.ids[s]} ${sp.path.from[k]}-${sp.path.to[k]}`,
    )
    expect(steps).toEqual(['sender 0-60', 'receiver 60-100'])
    const receiver = t.indexOf.get('receiver')!
    expect(
      Array.from(sp.stepList.subarray(sp.stepStart[receiver], sp.stepStart[receiver + 1])),
    ).toEqual([1])
    // the same spans and messages give the same object back (drawing and list share it)
    expect(sessionPath(t, tree, msgs, 100)).toBe(sp)
  })
})
