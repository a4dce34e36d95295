// A numeric store option checked where it is read: a wrong value names the option.
/** `v`, or `fallback` when unset; throws when `v` is not a positive (or, zeroOk, non-negative) number */
export function positive(
  v: number | undefined,
  fallback: number,
  name: string,
  zeroOk = false,
): number {
  if (v === undefined) return fallback
  if (typeof v !== 'number' || !Number.isFinite(v) || v < (zeroOk ? 0 : 1)) {
    throw new Error(`store option ${name} must be a ${zeroOk ? 'non-negative' : 'positive'} number`)
  }
  return v
}
