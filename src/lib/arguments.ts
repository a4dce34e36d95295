// Checks of what an agent passes when it sets the SDK up. A wrong argument here would otherwise
// surface later and far from its cause: as a TypeError inside span.end() (a path string in place
// of the store), or as one warning per span or log line that was not stored (no sessionId), or
// as Node's own message about `paths[0]` (no path given to openStore).
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string ${JSON.stringify(value.slice(0, 80))}`
  if (value === null || value === undefined) return String(value)
  if (typeof value !== 'object') return `${typeof value} ${String(value).slice(0, 80)}`
  return `an object (${value.constructor?.name ?? 'no prototype'})`
}

/** Throws a TypeError naming the call and the argument unless these are what it needs. */
export function checkSetup(
  call: string,
  storage: unknown,
  opts: { sessionId?: unknown } | undefined,
): void {
  if (typeof (storage as { store?: { enqueue?: unknown } } | null)?.store?.enqueue !== 'function')
    throw new TypeError(
      `tracescope: ${call} needs the store from openStore(path) as its first argument, got ${describeValue(storage)}`,
    )
  const sessionId = (opts as { sessionId?: unknown } | null | undefined)?.sessionId
  if (typeof sessionId !== 'string' || sessionId === '')
    throw new TypeError(
      `tracescope: ${call} needs { sessionId } (a non-empty string, e.g. from storage.createSession()), got ${describeValue(sessionId)}`,
    )
}
