// Text with the search terms marked: <mark> elements made here, the text itself as text.
import { markPieces } from '../lib/textMarks'

export function Marked({ text, terms }: { text: string; terms: ReadonlyArray<string> }) {
  if (terms.length === 0) return <>{text}</>
  return (
    <>
      {markPieces(text, terms).map((p, i) =>
        p.mark ? (
          <mark key={i} data-testid="match">
            {p.text}
          </mark>
        ) : (
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  )
}
