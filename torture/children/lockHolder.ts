// Another process that takes the database's write lock (BEGIN IMMEDIATE) and holds it, or keeps a
// read transaction open (a long-running reader), for a number of ms. Prints `locked` once it holds it.
// argv: <db> <write|read> <holdMs>
import Database from 'better-sqlite3'

const [file, mode, holdText] = process.argv.slice(2)
const db = new Database(file, { timeout: 10_000 })
if (mode === 'write') {
  db.exec('BEGIN IMMEDIATE')
} else {
  db.exec('BEGIN')
  // the first read starts the snapshot the transaction keeps
  db.prepare('SELECT count(*) FROM spans').get()
}
process.stdout.write('locked\n')
setTimeout(() => {
  db.exec(mode === 'write' ? 'ROLLBACK' : 'COMMIT')
  db.close()
  process.stdout.write('released\n')
}, Number(holdText))
