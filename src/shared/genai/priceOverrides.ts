// The user's own prices: a JSON file next to the settings (or given with `--prices FILE`) that
// adds models or replaces shipped prices, USD per million tokens:
//   { "models": { "my-finetune": { "input": 1.5, "output": 6, "cacheRead": 0.15 } },
//     "aliases": { "my-finetune-v2": "my-finetune" } }
// Anything else in the file is refused with the field named, so a typo never prices silently.
import { z } from 'zod'
import type { PriceTable } from './pricing'

const usd = z.number().finite().nonnegative()

export const modelPriceSchema = z.strictObject({
  input: usd,
  output: usd,
  cacheRead: usd.optional(),
  cacheWrite: usd.optional(),
})

export const userPricesSchema = z.strictObject({
  models: z.record(z.string().min(1).max(200), modelPriceSchema),
  aliases: z.record(z.string().min(1).max(200), z.string().min(1).max(200)).optional(),
  /** free text for the user's own notes: where the prices come from, when */
  source: z.string().max(2000).optional(),
  date: z.string().max(100).optional(),
})

export type UserPrices = z.infer<typeof userPricesSchema>

/** Parses the file's text; throws an Error naming the file and the field that is wrong. */
export function parseUserPrices(
  text: string,
  file: string,
): Pick<PriceTable, 'models' | 'aliases'> {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (e) {
    throw new Error(`${file}: not JSON (${(e as Error).message})`)
  }
  const r = userPricesSchema.safeParse(json)
  if (!r.success) {
    const issue = r.error.issues[0]
    const field = issue.path.length ? issue.path.join('.') : '(the file)'
    throw new Error(`${file}: ${field}: ${issue.message}`)
  }
  return { models: r.data.models, aliases: r.data.aliases }
}
