// Errors that cross a transport keep their code and the field they name. Every transport
// answers with an envelope instead of throwing, because Electron's ipcMain.handle reduces a
// thrown error to a bare message string.

export type ContractErrorCode =
  /** the input failed its schema; `field` names the offending path, e.g. "limit" or "agentIds.2" */
  | 'invalid-input'
  /** no such channel */
  | 'unknown-channel'
  /** the sourceId is not open (closed window, restarted worker) */
  | 'unknown-source'
  /** the thing asked for does not exist */
  | 'not-found'
  /** the caller may not do this (untrusted sender, path it was not granted) */
  | 'forbidden'
  /** a call took longer than its time bound; the worker was restarted */
  | 'timeout'
  /** the file could not be opened or read (not SQLite, corrupt, unsupported) */
  | 'source-error'
  /** the feature does not exist in this mode (e.g. a file dialog in browser mode) */
  | 'unavailable'
  | 'internal'

export interface ContractErrorShape {
  code: ContractErrorCode
  message: string
  /** dotted path of the bad input field, when there is one */
  field?: string
  channel?: string
}

export class ContractError extends Error {
  readonly code: ContractErrorCode
  readonly field?: string
  readonly channel?: string

  constructor(
    code: ContractErrorCode,
    message: string,
    opts: { field?: string; channel?: string } = {},
  ) {
    super(message)
    this.name = 'ContractError'
    this.code = code
    if (opts.field !== undefined) this.field = opts.field
    if (opts.channel !== undefined) this.channel = opts.channel
  }

  toShape(): ContractErrorShape {
    const shape: ContractErrorShape = { code: this.code, message: this.message }
    if (this.field !== undefined) shape.field = this.field
    if (this.channel !== undefined) shape.channel = this.channel
    return shape
  }

  static fromShape(shape: ContractErrorShape): ContractError {
    return new ContractError(shape.code, shape.message, {
      field: shape.field,
      channel: shape.channel,
    })
  }
}

/** What every invoke answers on the wire. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ContractErrorShape }

export function isContractErrorShape(v: unknown): v is ContractErrorShape {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as ContractErrorShape).code === 'string' &&
    typeof (v as ContractErrorShape).message === 'string'
  )
}
