// Settings → Prices: the models the user priced (kept in their prices file next to the
// settings), added, changed or removed one at a time. Main validates each price and writes the
// file; a file it cannot use is shown with the field that is wrong.
import { useEffect, useState } from 'react'
import type { PricesInfo } from '../../shared/contract/invoke'
import { loadPrices } from '../lib/userPrices'
import { api, describeError } from '../state/apiRef'
import { useAppStore } from '../state/store'
import './prices.css'

const FIELDS = [
  ['input', 'Input'],
  ['output', 'Output'],
  ['cacheRead', 'Cache read'],
  ['cacheWrite', 'Cache write'],
] as const

type Draft = Record<(typeof FIELDS)[number][0] | 'model', string>
const EMPTY: Draft = { model: '', input: '', output: '', cacheRead: '', cacheWrite: '' }

export function PricesSettings() {
  const [info, setInfo] = useState<PricesInfo | null>(null)
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null)

  useEffect(() => {
    void loadPrices().then(setInfo)
  }, [])

  const send = async (model: string, price: Record<string, number> | null): Promise<void> => {
    try {
      const next = await api().invoke('prices.set', {
        model,
        price: price as { input: number; output: number } | null,
      })
      // every cost on screen is read again with it, without a reload
      useAppStore.getState().pricesChanged(next, true)
      setInfo(next)
      setMessage({ ok: true, text: price ? `Saved the price of ${model}.` : `Removed ${model}.` })
      if (price) setDraft(EMPTY)
    } catch (e) {
      setMessage({ ok: false, text: describeError(e) })
    }
  }

  const add = (): void => {
    const model = draft.model.trim()
    if (!model) return setMessage({ ok: false, text: 'Model: enter the model name.' })
    const price: Record<string, number> = {}
    for (const [k, label] of FIELDS) {
      const raw = draft[k].trim()
      if (raw === '' && (k === 'cacheRead' || k === 'cacheWrite')) continue
      const n = Number(raw)
      if (raw === '' || !Number.isFinite(n) || n < 0)
        return setMessage({
          ok: false,
          text: `${label}: enter USD per million tokens (0 or more).`,
        })
      price[k] = n
    }
    void send(model, price)
  }

  // the fieldset sits in the settings form: Enter here saves this price, not the form
  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key !== 'Enter') return
    e.preventDefault()
    add()
  }

  return (
    <fieldset onKeyDown={onKeyDown} className="prices" data-testid="settings-prices">
      <legend>Prices</legend>
      <p className="muted hint">
        USD per million tokens, for models the shipped table lacks or that you pay another price
        for. Kept in <code data-testid="prices-path">{info?.path ?? 'prices.json'}</code>.
      </p>
      {info?.error && (
        <p className="status-error" role="alert" data-testid="prices-file-error">
          Not used: {info.error}
        </p>
      )}
      <details data-testid="prices-edit">
        <summary>
          {info && info.models.length > 0
            ? `Your prices (${info.models.length}); add or change one`
            : 'Add a price'}
        </summary>
        {info && info.models.length > 0 && (
          <table className="plain-table" data-testid="prices-list">
            <caption className="muted">Your prices</caption>
            <thead>
              <tr>
                <th>Model</th>
                {FIELDS.map(([k, label]) => (
                  <th key={k}>{label}</th>
                ))}
                <th>
                  <span className="sr-only">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {info.models.map((m) => {
                const p = info.table.models[m.toLowerCase()]
                return (
                  <tr key={m} data-testid="price-row">
                    <td>{m}</td>
                    {FIELDS.map(([k]) => (
                      <td key={k}>{p?.[k] ?? '—'}</td>
                    ))}
                    <td>
                      <button type="button" onClick={() => void send(m, null)}>
                        Remove <span className="sr-only">{m}</span>
                      </button>
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        )}
        <div className="row">
          <label htmlFor="price-model">Model</label>
          <input
            id="price-model"
            value={draft.model}
            placeholder="my-finetune"
            onChange={(e) => setDraft({ ...draft, model: e.target.value })}
            data-testid="price-model"
          />
        </div>
        {FIELDS.map(([k, label]) => (
          <div className="row" key={k}>
            <label htmlFor={`price-${k}`}>{label}</label>
            <input
              id={`price-${k}`}
              type="number"
              min={0}
              step="any"
              placeholder={k === 'input' || k === 'output' ? '' : 'none'}
              value={draft[k]}
              onChange={(e) => setDraft({ ...draft, [k]: e.target.value })}
              data-testid={`price-${k}`}
            />
            <span className="muted">USD / M tokens</span>
          </div>
        ))}
        {message && (
          <p
            className={message.ok ? 'status-ok' : 'status-error'}
            role={message.ok ? 'status' : 'alert'}
            data-testid="prices-message"
          >
            {message.text}
          </p>
        )}
        <div className="buttons">
          <button type="button" onClick={add} data-testid="price-save">
            Save price
          </button>
        </div>
      </details>
    </fieldset>
  )
}
