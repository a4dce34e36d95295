// The shell every dialog shares: a backdrop that closes it on click, a labelled dialog box
// that keeps its own clicks, and a title. Esc is handled once, in keyboard.ts.
import type { ReactNode } from 'react'

export function Modal(props: {
  title: string
  /** the accessible name, when it differs from the title */
  label?: string
  className?: string
  testId: string
  onClose(): void
  children: ReactNode
}) {
  return (
    <div className="overlay" onClick={props.onClose}>
      <div
        className={props.className ? `dialog ${props.className}` : 'dialog'}
        role="dialog"
        aria-label={props.label ?? props.title}
        data-testid={props.testId}
        onClick={(e) => e.stopPropagation()}
      >
        <h2>{props.title}</h2>
        {props.children}
      </div>
    </div>
  )
}
