// The list that j / k / Enter act on: the view on screen registers itself.

export interface KeyTarget {
  move(delta: number): void
  open(): void
  /** ← / → on a list with folds (the span views fold through the store instead) */
  fold?(expand: boolean): void
}

let current: KeyTarget | null = null

export function setKeyTarget(t: KeyTarget | null): void {
  current = t
}

export function keyTarget(): KeyTarget | null {
  return current
}
