// The price table the viewer prices single calls with (the span detail's Conversation section,
// the Conversation tab): the one main uses, with the user's prices file over the shipped one.
import type { PricesInfo } from '../../shared/contract/invoke'
import { setPriceSource, SHIPPED_PRICES, type PriceTable } from '../../shared/genai/pricing'
import { api } from '../state/apiRef'

let table: PriceTable = SHIPPED_PRICES
setPriceSource(() => table)

export function applyPrices(info: PricesInfo): void {
  table = info.table
}

/**
 * Asks main (at start, and when Settings opens); the shipped prices until then. A change saved
 * in Settings reaches the open views through the store's `pricesChanged`.
 */
export async function loadPrices(): Promise<PricesInfo | null> {
  try {
    const info = await api().invoke('prices.get', {})
    applyPrices(info)
    return info
  } catch {
    return null
  }
}
