// Load generator for bench/serviceBench.ts, run as its own process (a swarm on the same
// laptop): POSTs OTLP/HTTP JSON batches to the collector at a fixed span rate and prints a
// JSON summary. Usage: node bench/otlpLoadChild.cjs <url> <spansPerSec> <seconds> <batch>
const [url, rateArg, secondsArg, batchArg] = process.argv.slice(2)
const rate = Number(rateArg)
const seconds = Number(secondsArg)
const batch = Number(batchArg)
const names = ['llm.call', 'tool.search', 'tool.write', 'plan', 'review', 'agent.run']
let next = 0

function body(n) {
  // microseconds fit a double exactly (~1.7e15); nanoseconds are those with '000' appended,
  // which spares a BigInt per timestamp
  const nowUs = Date.now() * 1000
  const spans = []
  for (let k = 0; k < n; k++) {
    const i = next++
    spans.push({
      // + 1: an all-zero trace id is invalid (the first 1024 spans were rejected)
      traceId: ((i >> 10) + 1).toString(16).padStart(32, '0'),
      spanId: (i + 1).toString(16).padStart(16, '0'),
      parentSpanId: i % 10 === 0 ? '' : (i - (i % 10) + 1).toString(16).padStart(16, '0'),
      name: names[i % names.length],
      kind: 1,
      startTimeUnixNano: `${nowUs + k}000`,
      endTimeUnixNano: `${nowUs + k + 15000}000`,
      attributes: [
        { key: 'gen_ai.conversation.id', value: { stringValue: 'otlp-load' } },
        { key: 'gen_ai.agent.name', value: { stringValue: `agent-${i % 8}` } },
        { key: 'gen_ai.usage.input_tokens', value: { intValue: String(i % 500) } },
      ],
      status: { code: i % 97 === 0 ? 2 : 1 },
    })
  }
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'bench' } }] },
        scopeSpans: [{ scope: { name: 'bench' }, spans }],
      },
    ],
  })
}

async function main() {
  const intervalMs = (batch / rate) * 1000
  const end = Date.now() + seconds * 1000
  let sent = 0
  let accepted = 0
  let throttled = 0
  let inFlight = 0
  let t = Date.now()
  const pending = new Set()
  while (Date.now() < end) {
    if (inFlight < 16) {
      inFlight++
      sent += batch
      const p = fetch(`${url}/v1/traces`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: body(batch),
      })
        .then(async (r) => {
          await r.arrayBuffer()
          if (r.ok) accepted += batch
          else throttled += batch
        })
        .catch(() => (throttled += batch))
        .finally(() => {
          inFlight--
          pending.delete(p)
        })
      pending.add(p)
    }
    t += intervalMs
    const wait = t - Date.now()
    if (wait > 0) await new Promise((r) => setTimeout(r, wait))
  }
  await Promise.all(pending)
  // its own CPU, so a reader can tell the generator's share of the machine from the collector's
  const cpu = process.cpuUsage()
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000)
  process.stdout.write(JSON.stringify({ sent, accepted, throttled, seconds, cpuMs }) + '\n')
}

void main()
