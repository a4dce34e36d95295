// Live tail's auto-scroll: follow new rows while the user is at the bottom; stop following
// the moment they scroll away; "jump to live" turns it back on.

/** Within this many pixels of the bottom counts as "at the bottom". */
export const FOLLOW_SLACK_PX = 24

export function isAtBottom(
  scrollTop: number,
  viewportPx: number,
  contentPx: number,
  slack = FOLLOW_SLACK_PX,
): boolean {
  return contentPx - (scrollTop + viewportPx) <= slack
}

export interface FollowState {
  following: boolean
  /** rows that arrived while not following (shown on the "jump to live" button) */
  unseen: number
}

/** The user scrolled: following follows the scroll position. */
export function onUserScroll(s: FollowState, atBottom: boolean): FollowState {
  if (atBottom === s.following) return s
  return { following: atBottom, unseen: atBottom ? 0 : s.unseen }
}

/** Rows arrived from the live tail. */
export function onRowsArrived(s: FollowState, added: number): FollowState {
  if (s.following || added === 0) return s
  return { following: false, unseen: s.unseen + added }
}

export function jumpToLive(): FollowState {
  return { following: true, unseen: 0 }
}

/** Scroll position that shows the last row. */
export function bottomScrollTop(viewportPx: number, contentPx: number): number {
  return Math.max(0, contentPx - viewportPx)
}
