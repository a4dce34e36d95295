// An OTLP swarm run written by the official OpenTelemetry JS SDK through the real collector:
// an orchestrator invokes a planner, a reviewer and a coder; the coder waits for the review
// (an OpenTelemetry span link to the reviewer's call). Fixed times, so the critical path is
// known: see CRITICAL_PATH.
import path from 'node:path'
import { context, trace, type Span } from '@opentelemetry/api'
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node'
import { SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { openStore } from '../../src/main/store/traceStore'
import { startCollector } from '../../src/main/collector'

export const SWARM_SESSION = 'swarm-run'
export const SWARM_T0 = Date.UTC(2026, 0, 5, 9, 0, 0)

/** span name → agent, in the order the timeline lists them (start order, depth first) */
export const SWARM_ROWS: Array<[string, string]> = [
  ['invoke_agent orchestrator', 'orchestrator'],
  ['invoke_agent planner', 'planner'],
  ['chat plan', 'planner'],
  ['invoke_agent reviewer', 'reviewer'],
  ['chat review', 'reviewer'],
  ['invoke_agent coder', 'coder'],
  ['chat code', 'coder'],
  ['execute_tool run_tests', 'coder'],
]

/**
 * The chain that decided when the run ended, in time order, as span name and ms from T0. The
 * coder's wait for the review (its link) is on it; its own "chat code" is not.
 */
export const CRITICAL_PATH: Array<[string, number, number]> = [
  ['invoke_agent orchestrator', 0, 100],
  ['invoke_agent planner', 100, 200],
  ['chat plan', 200, 2800],
  ['invoke_agent planner', 2800, 3000],
  ['invoke_agent orchestrator', 3000, 3100],
  ['chat review', 3100, 6000],
  ['invoke_agent coder', 6000, 6100],
  ['execute_tool run_tests', 6100, 8800],
  ['invoke_agent coder', 8800, 9000],
  ['invoke_agent orchestrator', 9000, 10000],
]

export async function writeAgentSwarm(dir: string): Promise<string> {
  const db = path.join(dir, 'swarm.db')
  const store = openStore(db)
  const collector = await startCollector({ store, port: 0 })
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'swarm' }),
    spanProcessors: [
      new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${collector.url}/v1/traces` })),
    ],
  })
  const tracer = provider.getTracer('swarm', '1.0.0')
  const at = (ms: number): Date => new Date(SWARM_T0 + ms)
  const start = (name: string, agent: string, ms: number, parent?: Span, links?: Span[]): Span =>
    tracer.startSpan(
      name,
      {
        startTime: at(ms),
        attributes: { 'gen_ai.conversation.id': SWARM_SESSION, 'gen_ai.agent.name': agent },
        links: links?.map((l) => ({ context: l.spanContext() })),
      },
      parent ? trace.setSpan(context.active(), parent) : undefined,
    )
  const root = start('invoke_agent orchestrator', 'orchestrator', 0)
  const planner = start('invoke_agent planner', 'planner', 100, root)
  start('chat plan', 'planner', 200, planner).end(at(2800))
  planner.end(at(3000))
  const reviewer = start('invoke_agent reviewer', 'reviewer', 2000, root)
  const review = start('chat review', 'reviewer', 2100, reviewer)
  review.end(at(6000))
  reviewer.end(at(6500))
  const coder = start('invoke_agent coder', 'coder', 3100, root, [review])
  start('chat code', 'coder', 3200, coder).end(at(5200))
  start('execute_tool run_tests', 'coder', 6100, coder).end(at(8800))
  coder.end(at(9000))
  root.end(at(10000))
  await provider.forceFlush()
  await provider.shutdown()
  await collector.close()
  await store.close()
  return db
}
