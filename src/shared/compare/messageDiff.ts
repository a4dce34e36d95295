// The text diff of one step's prompts and completions between two runs, by jsdiff (a maintained
// diff library): line by line, so a changed sentence in a long prompt stands out.
import { diffLines } from 'diff'
import type { Span } from '../domain'
import type { ConversationEvent } from '../genai/conversationTypes'
import { messagesOf } from './runDiff'

export interface DiffPart {
  op: 'same' | 'added' | 'removed'
  text: string
}

/** Line diff of two texts; null stands for "no messages" and diffs as the empty text. */
export function textDiff(a: string | null, b: string | null): DiffPart[] {
  return diffLines(a ?? '', b ?? '').map((c) => ({
    op: c.added ? 'added' : c.removed ? 'removed' : 'same',
    text: c.value,
  }))
}

/** The messages of a step's two spans as a line diff; null when neither carries messages. */
export function messageDiff(
  a: Span | null,
  b: Span | null,
  eventsA?: ReadonlyMap<string, ConversationEvent[]>,
  eventsB?: ReadonlyMap<string, ConversationEvent[]>,
): DiffPart[] | null {
  const ta = a ? messagesOf(a, eventsA) : null
  const tb = b ? messagesOf(b, eventsB) : null
  return ta === null && tb === null ? null : textDiff(ta, tb)
}
