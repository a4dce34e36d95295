import { describe, expect, it } from 'vitest'
import { exportFileName } from '../../src/shared/exportFileName'

const now = new Date('2026-01-31T12:00:00Z')

describe('exportFileName', () => {
  it('names one session and its filter', () => {
    expect(
      exportFileName('traces.db', { sessionIds: ['run-42'], status: 'error' }, 'json', now),
    ).toBe('run-42-errors.json')
    expect(
      exportFileName(
        'traces.db',
        { sessionIds: ['run/42 x'], agentIds: ['coder'], name: 'llm.chat', since: 1 },
        'chrome',
        now,
      ),
    ).toBe('run_42_x-coder-llm.chat-window.trace.json')
  })

  it('names a whole file after the file, with the time when nothing narrows it', () => {
    expect(exportFileName('my swarm.sqlite', {}, 'ndjson', now)).toBe(
      'my_swarm-2026-01-31-12-00-00.ndjson',
    )
    expect(exportFileName('a.db', { status: 'ok', text: 'HTTP 503' }, 'otlp', now)).toBe(
      'a-ok-text-HTTP_503.otlp.json',
    )
    expect(exportFileName('a.db', { sessionIds: ['x', 'y'] }, 'json', now)).toBe(
      'a-2-sessions.json',
    )
    expect(
      exportFileName('a.db', { where: 'agent:coder status:error duration>2s' }, 'ndjson', now),
    ).toBe('a-where-agent_coder_status_error_duratio.ndjson')
  })

  it('never lets a name climb out of its folder', () => {
    const n = exportFileName('a.db', { sessionIds: ['../../etc/passwd'] }, 'json', now)
    expect(n).not.toContain('/')
    expect(n.startsWith('.')).toBe(false)
  })
})
