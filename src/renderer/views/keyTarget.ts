// The list that j / k / Enter act on: the view on screen registers itself.

export interface KeyTarget {
  move(delta: number): void
  open(): void
}

let current: KeyTarget | null = null

export function setKeyTarget(t: KeyTarget | null): void {
  current = t
}

export function keyTarget(): KeyTarget | null {
  return current
}
