// Message text from a trace: Markdown (code blocks, lists, tables) with every line break kept,
// long text folded behind "show all". react-markdown builds React elements from the syntax
// tree and never renders HTML found in the text (no rehype-raw, no dangerouslySetInnerHTML):
// tags show as the text they are. Links open nowhere new by themselves and images are shown as
// their text, so a trace cannot make the viewer fetch anything.
import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import Markdown, { type Components } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { splitMarkdown } from '../lib/markdownChunks'

/** Above either bound a message is folded: long enough to need scrolling in the panel. */
export const FOLD_CHARS = 2000
export const FOLD_LINES = 30
/** Markdown parses at roughly 100 KB/s here: pieces of this size stay well under a frame budget */
const CHUNK_CHARS = 1500

export function foldText(text: string): string | null {
  if (text.length <= FOLD_CHARS) {
    let lines = 0
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1))
      if (++lines >= FOLD_LINES) break
    if (lines < FOLD_LINES) return null
  }
  let cut = text.slice(0, FOLD_CHARS)
  let at = -1
  for (let n = 0; n < FOLD_LINES; n++) {
    at = cut.indexOf('\n', at + 1)
    if (at === -1) break
  }
  if (at !== -1) cut = cut.slice(0, at)
  return cut
}

const REMARK = [remarkGfm]
const COMPONENTS: Components = {
  a: ({ children, href }) => (
    <a href={href} target="_blank" rel="noopener noreferrer" title={href}>
      {children}
    </a>
  ),
  img: ({ alt, src }) => <span className="md-img">[image: {alt || src}]</span>,
}

const MarkdownBody = memo(function MarkdownBody({ text }: { text: string }) {
  return (
    <Markdown remarkPlugins={REMARK} components={COMPONENTS}>
      {text}
    </Markdown>
  )
})

/** A piece shown as plain text until it nears the viewport, then as Markdown. */
function LazyChunk({ text }: { text: string }) {
  const ref = useRef<HTMLDivElement>(null)
  const [rich, setRich] = useState(false)
  useEffect(() => {
    const el = ref.current
    if (rich || !el) return
    const io = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          io.disconnect()
          setRich(true)
        }
      },
      { rootMargin: '300px' },
    )
    io.observe(el)
    return () => io.disconnect()
  }, [rich])
  return rich ? (
    <MarkdownBody text={text} />
  ) : (
    <div ref={ref} className="md-plain" data-testid="md-plain">
      {text}
    </div>
  )
}

function ChunkedMarkdown({ text }: { text: string }) {
  const chunks = useMemo(() => splitMarkdown(text, CHUNK_CHARS), [text])
  if (chunks.length === 1) return <MarkdownBody text={text} />
  return (
    <>
      {chunks.map((c, i) => (
        <LazyChunk key={i} text={c} />
      ))}
    </>
  )
}

function sizeLabel(text: string): string {
  const lines = text.split('\n').length
  const kb = text.length / 1024
  return `${lines.toLocaleString()} lines, ${kb < 10 ? kb.toFixed(1) : Math.round(kb)} KB`
}

export function MessageText({
  text,
  mode = 'markdown',
}: {
  text: string
  mode?: 'markdown' | 'code'
}) {
  const [open, setOpen] = useState(false)
  const folded = open ? null : foldText(text)
  const shown = folded ?? text
  let body: ReactNode
  if (mode === 'code') body = <pre className="conv-code">{shown}</pre>
  else body = <ChunkedMarkdown text={shown} />
  return (
    <div className="conv-text" data-testid="conv-text" data-folded={folded !== null}>
      {body}
      {folded !== null && (
        <button className="conv-fold" onClick={() => setOpen(true)} data-testid="conv-show-all">
          show all ({sizeLabel(text)})
        </button>
      )}
      {open && foldText(text) !== null && (
        <button className="conv-fold" onClick={() => setOpen(false)}>
          fold
        </button>
      )}
    </div>
  )
}
