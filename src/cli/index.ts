// Entry point of `tracescope`; the commands live in src/cli/commands.
const HELP = `tracescope — local trace store and viewer for agent swarms

Usage: tracescope <command> [options]
`
process.stdout.write(HELP)
