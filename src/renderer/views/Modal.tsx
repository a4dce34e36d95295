// The shell every dialog shares: a backdrop that closes it on click, a labelled dialog box
// that keeps its own clicks, and a title. Esc is handled once, in keyboard.ts. The focus moves
// to the dialog when it opens (the box itself: its content may still be loading, and a
// control that is replaced would drop the focus), Tab cycles inside it, and closing returns
// the focus to whatever had it before (the button that opened it).
import { useEffect, useRef, type ReactNode } from 'react'

const FOCUSABLE =
  'a[href], button:not(:disabled), input:not(:disabled), select:not(:disabled), textarea:not(:disabled), [tabindex]:not([tabindex="-1"])'

export function Modal(props: {
  title: string
  /** the accessible name, when it differs from the title */
  label?: string
  className?: string
  testId: string
  onClose(): void
  children: ReactNode
}) {
  const box = useRef<HTMLDivElement | null>(null)
  useEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null
    box.current?.focus()
    return () => {
      if (opener?.isConnected) opener.focus()
    }
  }, [])

  const keepFocusInside = (e: React.KeyboardEvent): void => {
    if (e.key !== 'Tab' || !box.current) return
    const all = [...box.current.querySelectorAll<HTMLElement>(FOCUSABLE)]
    if (all.length === 0) return
    const first = all[0]
    const last = all[all.length - 1]
    const at = document.activeElement
    if (e.shiftKey && (at === first || at === box.current)) {
      e.preventDefault()
      last.focus()
    } else if (!e.shiftKey && at === last) {
      e.preventDefault()
      first.focus()
    }
  }

  return (
    <div className="overlay" onClick={props.onClose}>
      <div
        ref={box}
        className={props.className ? `dialog ${props.className}` : 'dialog'}
        role="dialog"
        aria-modal="true"
        aria-label={props.label ?? props.title}
        tabIndex={-1}
        data-testid={props.testId}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={keepFocusInside}
      >
        <h2>{props.title}</h2>
        {props.children}
      </div>
    </div>
  )
}
