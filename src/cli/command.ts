// The shape of one CLI command. Each lives in src/cli/commands/<name>.ts and is listed in
// src/cli/commands/index.ts; src/cli/index.ts parses argv and dispatches.

export interface CliOptionSpec {
  /** long name without dashes, e.g. 'db', 'since', 'json' */
  name: string
  type: 'string' | 'boolean' | 'number'
  /** may be given more than once (values collected into an array) */
  multiple?: boolean
  short?: string
  description: string
  /** shown in help; applied when the option is absent */
  default?: string | number | boolean
}

export interface CliContext {
  /** positional arguments after the command name */
  args: string[]
  /** parsed options, keyed by long name */
  options: Record<string, string | number | boolean | string[] | undefined>
  /** --json: machine-readable output on stdout */
  json: boolean
  stdout: NodeJS.WritableStream
  /** human messages and progress (stderr), so stdout stays clean for --json and pipes */
  stderr: NodeJS.WritableStream
  /** resolves the --db option (default: the app's own store) */
  dbPath(): string
  /** a progress line on stderr, throttled; only shown once work takes over a second */
  progress(message: string): void
  /** ends a progress line rewritten in place, so a summary starts on its own line */
  progressDone?(): void
  /** aborted on SIGINT/SIGTERM: long-running commands (serve, collect, tail) stop cleanly */
  signal: AbortSignal
}

/** An error the user can act on: printed as one line on stderr, exit code 1 (2 for usage). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message)
    this.name = 'CliError'
  }
}

export interface CliCommand {
  name: string
  /** one line for the command list */
  summary: string
  /** e.g. 'trace <session>' */
  usage: string
  options: CliOptionSpec[]
  /** resolves with the process exit code (0 on success) */
  run(ctx: CliContext): Promise<number>
}
