import { describe, expect, it } from 'vitest'
import { describeCount, exportFilterOf, whereError } from '../../src/renderer/lib/exportFilter'

describe('exportFilter', () => {
  it('turns the dialog fields into the contract filter, dropping empty ones', () => {
    expect(
      exportFilterOf({
        sessionId: 'run-42',
        window: { start: 1, end: 2 },
        status: 'error',
        name: ' llm.chat ',
        text: '',
        agents: 'a, ,b',
        where: ' duration>2s ',
      }),
    ).toEqual({
      sessionIds: ['run-42'],
      since: 1,
      until: 2,
      status: 'error',
      name: 'llm.chat',
      agentIds: ['a', 'b'],
      where: 'duration>2s',
    })
    const empty = {
      sessionId: null,
      window: null,
      status: '',
      name: '',
      text: '',
      agents: '',
    } as const
    expect(exportFilterOf({ ...empty, where: '' })).toEqual({})
  })

  it('leaves out a where expression that does not parse, and says why', () => {
    const fields = {
      sessionId: null,
      window: null,
      status: '',
      name: '',
      text: '',
      agents: '',
      where: 'status:',
    } as const
    expect(exportFilterOf(fields)).toEqual({})
    expect(whereError(fields.where)).toBe('column 8: expected a value after "status:"')
    expect(whereError('status:ok')).toBeNull()
    expect(whereError('')).toBeNull()
  })

  it('says the count kind by kind', () => {
    const c = {
      records: 1203,
      counts: { session: 1, span: 1200, error: 2, metric: 0 },
      capped: false,
      fileName: 'x',
    }
    expect(describeCount(c)).toBe('1,203 records: 1 session, 1,200 spans, 2 errors')
    expect(describeCount({ ...c, capped: true })).toMatch(/^More than 1,203 records/)
    expect(describeCount({ records: 0, counts: {}, capped: false, fileName: 'x' })).toBe(
      'No records match',
    )
  })
})
