// Help text, generated from each command's own spec so it cannot drift from what is parsed.

import type { CliCommand, CliOptionSpec } from './command'

export function globalHelp(commands: CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  const lines = [
    'tracescope — local trace store and viewer for agent swarms',
    '',
    'Usage: tracescope <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Every command takes --db <file> (default: the app's own store), --json (machine-readable",
    'output on stdout), --debug (stack traces) and --help.',
    'Run tracescope <command> --help for its options.',
    '',
  ]
  return lines.join('\n')
}

export function commandHelp(c: CliCommand, globals: CliOptionSpec[]): string {
  const own = c.options
  const shared = globals.filter((g) => !own.some((o) => o.name === g.name))
  const render = (o: CliOptionSpec): [string, string] => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${o.name}${o.type === 'boolean' ? '' : ` <${o.type === 'number' ? 'n' : 'value'}>`}`
    const extra = [
      o.multiple ? 'repeatable' : '',
      o.default !== undefined ? `default: ${String(o.default)}` : '',
    ]
      .filter(Boolean)
      .join('; ')
    return [flag, extra ? `${o.description} (${extra})` : o.description]
  }
  const rows = [...own, ...shared].map(render)
  const width = Math.max(...rows.map(([f]) => f.length))
  const fmt = ([f, d]: [string, string]): string => `  ${f.padEnd(width)}  ${d}`
  return [
    `Usage: tracescope ${c.usage}`,
    '',
    c.summary,
    '',
    ...(own.length ? ['Options:', ...own.map(render).map(fmt), ''] : []),
    'Common options:',
    ...shared.map(render).map(fmt),
    '',
  ].join('\n')
}
