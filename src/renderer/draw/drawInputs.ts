// Values the timeline's draw loop reads every frame, rebuilt only when the store value they come
// from changes (the store hands out arrays; the loop wants sets and maps).
import { agentSlotMap } from './agentPalette'

let lastAgents: readonly string[] = []
let lastSlots: ReadonlyMap<string, number> = new Map()
export function slotsOf(agents: readonly string[]): ReadonlyMap<string, number> {
  if (agents !== lastAgents) {
    lastAgents = agents
    lastSlots = agentSlotMap(agents)
  }
  return lastSlots
}

let lastChosen: readonly string[] = []
let lastChosenSet: ReadonlySet<string> = new Set()
export function chosenSet(chosen: readonly string[]): ReadonlySet<string> {
  if (chosen !== lastChosen) {
    lastChosen = chosen
    lastChosenSet = new Set(chosen)
  }
  return lastChosenSet
}

let lastHits: number[] = []
let lastSet: ReadonlySet<number> = new Set()
export function hitSet(hits: number[]): ReadonlySet<number> {
  if (hits !== lastHits) {
    lastHits = hits
    lastSet = new Set(hits)
  }
  return lastSet
}
