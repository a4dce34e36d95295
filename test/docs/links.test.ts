// The documentation stays usable: every relative link in README.md, the top-level pages and docs/
// points to a file (and heading) that exists; README.md stays short; docs/cli.md documents every
// command and option the CLI parses and no option it does not; and neither the docs nor the
// sources use development-journal wording (other tools are named by their names).
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { COMMANDS } from '../../src/cli/commands'
import { commandHelp, globalHelp } from '../../src/cli/help'
import { GLOBAL_OPTIONS } from '../../src/cli/main'

const ROOT = path.resolve(__dirname, '../..')
const TOP_PAGES = ['README.md', 'CHANGELOG.md', 'CONTRIBUTING.md', 'SECURITY.md']
const DOC_PAGES = fs
  .readdirSync(path.join(ROOT, 'docs'))
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`)
const PAGES = [...TOP_PAGES, ...DOC_PAGES]

const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8')

/** The text outside fenced code blocks (links and option names in examples are not checked). */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '')
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const m of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]
      .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .trim()
      .replace(/\s/g, '-')
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}

function linksOf(markdown: string): string[] {
  const links: string[] = []
  for (const m of prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
    links.push(m[1])
  return links
}

/** Every relative link of one page that does not resolve, as "target (why)". */
function brokenLinks(page: string): string[] {
  const broken: string[] = []
  for (const link of linksOf(read(page))) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue // http:, https:, mailto:
    const [target, anchor] = link.split('#', 2) as [string, string | undefined]
    const file =
      target === '' ? path.join(ROOT, page) : path.resolve(ROOT, path.dirname(page), target)
    if (!file.startsWith(ROOT + path.sep)) {
      broken.push(`${link} (outside the repository)`)
      continue
    }
    if (!fs.existsSync(file)) {
      broken.push(`${link} (no such file)`)
      continue
    }
    if (anchor !== undefined) {
      if (!file.endsWith('.md')) broken.push(`${link} (anchor into a file that is not Markdown)`)
      else if (!anchorsOf(fs.readFileSync(file, 'utf8')).has(anchor))
        broken.push(`${link} (no heading #${anchor})`)
    }
  }
  return broken
}

// Journal wording: how the code got here, not what it is. Other tools by their names, never by
// the number of the document that described them.
const JOURNAL: Array<[RegExp, string]> = [
  [/\bseed[- ]?0\d\d\b/i, 'a seed number instead of the tool’s name'],
  [/\bseed (systems?|documents?|files?)\b/i, '"seed …" instead of naming the tools'],
  [
    /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth) (session|round)\b/i,
    'a numbered session or round',
  ],
  [/\b(session|round) \d+\b/i, 'a numbered session or round'],
  [/\b(this|that|last|next|previous|earlier) round\b/i, 'a round of work'],
  [/\bissue #?\d+\b/i, 'an issue number'],
  [/\baudit (finding|log)s?\b/i, 'audit-log wording'],
]

function journalHits(text: string): string[] {
  const hits: string[] = []
  text.split('\n').forEach((line, i) => {
    for (const [re, why] of JOURNAL)
      if (re.test(line)) hits.push(`line ${i + 1}: ${why}: ${line.trim()}`)
  })
  return hits
}

function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name)
    if (e.isDirectory()) out.push(...sourceFiles(rel))
    else if (/\.(ts|tsx|cjs|mjs|js|html|css)$/.test(e.name)) out.push(rel)
  }
  return out
}

describe('documentation links', () => {
  it.each(PAGES)('%s: every relative link points to an existing file and heading', (page) => {
    expect(brokenLinks(page)).toEqual([])
  })

  it('finds the broken links it is meant to find', () => {
    const dir = fs.mkdtempSync(path.join(ROOT, 'docs', '.links-probe-'))
    try {
      const page = path.relative(ROOT, path.join(dir, 'probe.md'))
      fs.writeFileSync(
        path.join(ROOT, page),
        '# Probe\n\n[ok](#probe) [gone](missing.md) [bad anchor](../cli.md#no-such-heading) [up](../../../x.md)\n',
      )
      expect(brokenLinks(page)).toEqual([
        'missing.md (no such file)',
        '../cli.md#no-such-heading (no heading #no-such-heading)',
        '../../../x.md (outside the repository)',
      ])
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })

  it('README.md is at most 300 lines and links into docs/', () => {
    const readme = read('README.md')
    expect(readme.split('\n').length).toBeLessThanOrEqual(300)
    for (const page of DOC_PAGES) expect(linksOf(readme)).toContain(page)
  })
})

describe('docs/cli.md matches the CLI', () => {
  const doc = read('docs/cli.md')
  const documented = new Set(
    [...prose(doc).matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((m) => m[1]),
  )
  const parsed = new Set([
    ...GLOBAL_OPTIONS.map((o) => o.name),
    ...COMMANDS.flatMap((c) => c.options.map((o) => o.name)),
  ])

  it.each(COMMANDS.map((c) => c.name))(
    'documents the command %s and each of its options',
    (name) => {
      const command = COMMANDS.find((c) => c.name === name)!
      const headings = [...prose(doc).matchAll(/^#{2,3}\s+(.+)$/gm)].map((m) => m[1])
      expect(headings.some((h) => h.includes(`\`${name}\``))).toBe(true)
      expect(
        command.options.map((o) => o.name).filter((o) => !documented.has(o)),
        `options of ${name} missing from docs/cli.md`,
      ).toEqual([])
    },
  )

  it('documents no option the CLI does not parse', () => {
    expect([...documented].filter((o) => !parsed.has(o))).toEqual([])
  })
})

describe('no development-journal wording', () => {
  it.each(PAGES)('%s', (page) => {
    expect(journalHits(read(page))).toEqual([])
  })

  it('CLI help text', () => {
    const help = [globalHelp(COMMANDS), ...COMMANDS.map((c) => commandHelp(c, GLOBAL_OPTIONS))]
    expect(journalHits(help.join('\n'))).toEqual([])
  })

  it('sources, scripts, benchmarks, the torture suite and tests (comments and strings)', () => {
    const self = path.relative(ROOT, __filename)
    const files = ['src', 'bin', 'scripts', 'bench', 'torture', 'test'].flatMap(sourceFiles)
    expect(files.length).toBeGreaterThan(100)
    const hits = files
      .filter((f) => f !== self)
      .flatMap((f) => journalHits(read(f)).map((h) => `${f} ${h}`))
    expect(hits).toEqual([])
  })

  it('recognises the wording it forbids', () => {
    expect(journalHits('optimise a seed-004 file')).toHaveLength(1)
    expect(journalHits('after the third session’s writer changes')).toHaveLength(1)
    expect(journalHits('what is left of issue 2')).toHaveLength(1)
    expect(journalHits('the session-keyed trace store; SEED004_INDEX; a round trip')).toEqual([])
  })
})
