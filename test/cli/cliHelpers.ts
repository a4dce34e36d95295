// Runs the real CLI (node bin/tracescope.cjs …) as a child process, as a user would.
import { execFile } from 'node:child_process'
import path from 'node:path'

export const ROOT = path.resolve(__dirname, '..', '..')
export const BIN = path.join(ROOT, 'bin', 'tracescope.cjs')

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export function tracescope(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0
        resolve({ code, stdout, stderr })
      },
    )
  })
}

/** Runs and parses --json output, failing loudly with the CLI's stderr when it did not succeed. */
export async function tracescopeJson<T>(
  args: string[],
  env: Record<string, string> = {},
): Promise<T> {
  const r = await tracescope([...args, '--json'], env)
  if (r.code !== 0) throw new Error(`tracescope ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}
