// Long Markdown split into pieces that each parse on their own, so a 200 KB prompt can show at
// once as text and turn into Markdown piece by piece as it scrolls into view (parsing all of it
// with react-markdown takes seconds). Cuts fall only on a blank line outside a code fence, so
// no code block, table or paragraph is split.

const FENCE = /^ {0,3}(`{3,}|~{3,})/

export function splitMarkdown(text: string, target: number): string[] {
  if (text.length <= target) return [text]
  const chunks: string[] = []
  let start = 0
  let fence: string | null = null
  let lineStart = 0
  while (lineStart < text.length) {
    let end = text.indexOf('\n', lineStart)
    if (end === -1) end = text.length
    const line = text.slice(lineStart, end)
    const m = FENCE.exec(line)
    if (m) {
      const mark = m[1]
      if (fence === null) fence = mark
      else if (mark[0] === fence[0] && mark.length >= fence.length) fence = null
    } else if (fence === null && line.trim() === '' && lineStart - start >= target) {
      chunks.push(text.slice(start, end + 1))
      start = end + 1
    }
    lineStart = end + 1
  }
  if (start < text.length) chunks.push(text.slice(start))
  return chunks
}
