// The single entry of every transport: validate the input against the channel's schema, run
// the handler, and answer an envelope. Nothing a handler throws escapes as a bare exception.
import type { z } from 'zod'
import type { CallerContext, HandlerTable } from '../../shared/contract/api'
import { ContractError } from '../../shared/contract/errors'
import type { Envelope } from '../../shared/contract/errors'
import { invokeChannels, isInvokeChannel } from '../../shared/contract/invoke'
import type { InvokeChannel } from '../../shared/contract/invoke'

/** The first schema issue as a field path and a sentence that names it. */
export function describeIssue(channel: string, error: z.ZodError): ContractError {
  const issue = error.issues[0]
  const base = issue.path.map(String)
  if (issue.code === 'unrecognized_keys' && issue.keys.length > 0) {
    const field = [...base, issue.keys[0]].join('.')
    return new ContractError('invalid-input', `${channel}: unknown field "${field}"`, {
      field,
      channel,
    })
  }
  const field = base.join('.')
  const where = field ? `field "${field}"` : 'input'
  return new ContractError('invalid-input', `${channel}: ${where}: ${issue.message}`, {
    field: field || undefined,
    channel,
  })
}

export function validateInput<C extends InvokeChannel>(
  channel: C,
  input: unknown,
): z.output<(typeof invokeChannels)[C]['input']> {
  const schema = invokeChannels[channel].input as z.ZodType
  const parsed = schema.safeParse(input === undefined ? {} : input)
  if (!parsed.success) throw describeIssue(channel, parsed.error)
  return parsed.data as z.output<(typeof invokeChannels)[C]['input']>
}

export async function dispatchInvoke<Ctx extends CallerContext>(
  table: HandlerTable<Ctx>,
  channel: unknown,
  input: unknown,
  ctx: Ctx,
): Promise<Envelope<unknown>> {
  if (!isInvokeChannel(channel)) {
    const name = typeof channel === 'string' ? channel.slice(0, 100) : typeof channel
    return {
      ok: false,
      error: { code: 'unknown-channel', message: `No channel named ${JSON.stringify(name)}` },
    }
  }
  try {
    const parsed = validateInput(channel, input)
    const handler = table[channel] as (i: unknown, c: Ctx) => Promise<unknown>
    const value = await handler(parsed, ctx)
    return { ok: true, value: value === undefined ? null : value }
  } catch (e) {
    if (e instanceof ContractError) {
      const shape = e.toShape()
      shape.channel ??= channel
      return { ok: false, error: shape }
    }
    // internal failures: a message, never a stack, crosses the boundary
    const message = e instanceof Error ? e.message : String(e)
    return {
      ok: false,
      error: { code: 'internal', message: `${channel} failed: ${message}`, channel },
    }
  }
}
