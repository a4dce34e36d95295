// The tree of a ddeutil-workflow job run: the job's parent is the workflow run, another session
// of the same file. The row says where its parent is instead of calling the span an "orphan",
// which read as broken data.
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { writeDdeutilDb } from '../fixtures/seedWriters'
import { seriousViolations } from './axe'
import { useForeignViewer } from './foreignViewer'
import { chromiumMissing } from './viewerHarness'

describe.skipIf(chromiumMissing !== null)('the tree of a ddeutil-workflow job run', () => {
  const v = useForeignViewer()

  it('says the job’s parent is not in this session, not that it is an orphan', async () => {
    const file = v.file('ddeutil.db')
    writeDdeutilDb(file, { sessions: 2 })
    const db = new Database(file, { readonly: true })
    const job = db
      .prepare('SELECT run_id, parent_run_id FROM traces WHERE parent_run_id IS NOT NULL LIMIT 1')
      .get() as { run_id: string; parent_run_id: string }
    db.close()
    const p = await v.open(file, `#/session/${job.run_id}/tree`)
    await p.locator('[data-testid=tree-row]').first().waitFor()
    const note = p.locator('[data-testid=tree-row] [data-testid=tree-parent-elsewhere]')
    expect(await note.count()).toBe(1)
    expect(await note.innerText()).toBe('(parent not in this session)')
    expect(await p.locator('[data-testid=span-tree]').innerText()).not.toContain('orphan')
    expect(await seriousViolations(p)).toEqual([])
    v.checkPages()
  }, 120_000)
})
