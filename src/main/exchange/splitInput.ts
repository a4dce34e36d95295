// Streams an import's bytes through the JSON splitter, chunk by chunk, with a pause after each
// chunk for whoever writes what it produced (the store writer inline, the main thread from the
// OTLP reading thread), so reading never runs ahead of writing by more than a chunk.
import type { ImportInput } from './importInput'
import { JsonStreamSplitter, type Shape } from './jsonStreamSplitter'

export interface SplitTarget {
  value(name: string, json: string, line: number): void
  open?(name: string, line: number): void
  close?(name: string): void
}

/** Streams the input through the splitter; `drain` writes what each chunk produced. */
export async function splitInto(
  input: ImportInput,
  shape: Shape,
  target: SplitTarget,
  drain: () => Promise<void>,
): Promise<number> {
  const splitter = new JsonStreamSplitter(shape, {
    value: (n, j, l) => target.value(n, j, l),
    open: (n, l) => target.open?.(n, l),
    close: (n) => target.close?.(n),
  })
  for await (const chunk of input.chunks()) {
    splitter.push(chunk)
    await drain()
  }
  splitter.end()
  return splitter.documentCount
}
