// SQLite reads `file:` URIs (the reading rule needs `?immutable=1`) only when better-sqlite3's
// addon finds SQLITE_USE_URI=1 in the process environment the first time it loads, once per
// process. Importing this module sets it; every module that opens SQLite imports it, and the
// main thread does so before it starts a worker (a worker's process.env is its own copy).
// Plain absolute paths, which is all Tracescope passes, mean the same with URIs on.
export function enableSqliteUris(): void {
  if (process.env.SQLITE_USE_URI === undefined) process.env.SQLITE_USE_URI = '1'
}

enableSqliteUris()
