// A list that renders only the rows in view (fixed row height): 100,000 rows cost the same
// as 40. Keeps a row in view when `scrollToIndex` changes (keyboard j/k).
import { useEffect, useRef, useState, type HTMLAttributes, type ReactNode } from 'react'
import { visibleRowRange } from '../timeline/rowLayout'

interface Props {
  count: number
  rowHeight: number
  renderRow: (index: number, style: { top: number; height: number }) => ReactNode
  scrollToIndex?: number
  /** called with the scroll element on every scroll (live tail follows with this) */
  onScroll?: (el: HTMLDivElement) => void
  className?: string
  testId?: string
  scrollRef?: (el: HTMLDivElement | null) => void
  /**
   * role, name, tabIndex and aria-activedescendant of the scrolling element: a list that
   * scrolls must be reachable by keyboard, and the rows' roles need their container's
   */
  listProps?: HTMLAttributes<HTMLDivElement> & { [data: `data-${string}`]: string }
}

export function VirtualList({
  count,
  rowHeight,
  renderRow,
  scrollToIndex,
  onScroll,
  className,
  testId,
  scrollRef,
  listProps,
}: Props) {
  const ref = useRef<HTMLDivElement | null>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(600)

  useEffect(() => {
    const el = ref.current
    if (!el) return
    const ro = new ResizeObserver(() => setHeight(el.clientHeight))
    ro.observe(el)
    setHeight(el.clientHeight)
    return () => ro.disconnect()
  }, [])

  useEffect(() => {
    const el = ref.current
    if (!el || scrollToIndex == null || scrollToIndex < 0) return
    const top = scrollToIndex * rowHeight
    if (top < el.scrollTop) el.scrollTop = top
    else if (top + rowHeight > el.scrollTop + el.clientHeight)
      el.scrollTop = top + rowHeight - el.clientHeight
  }, [scrollToIndex, rowHeight])

  const { first, last } = visibleRowRange(scrollTop, height, rowHeight, count, 6)
  const rows: ReactNode[] = []
  for (let i = first; i <= last; i++)
    rows.push(renderRow(i, { top: i * rowHeight, height: rowHeight }))
  return (
    <div
      {...listProps}
      className={`vlist ${className ?? ''}`}
      data-testid={testId}
      ref={(el) => {
        ref.current = el
        scrollRef?.(el)
      }}
      onScroll={(e) => {
        setScrollTop(e.currentTarget.scrollTop)
        onScroll?.(e.currentTarget)
      }}
    >
      <div className="vlist-inner" role="presentation" style={{ height: count * rowHeight }}>
        {rows}
      </div>
    </div>
  )
}
