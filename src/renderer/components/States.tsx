// Empty, loading and error states that say what to do next.
import type { ReactNode } from 'react'

export function Loading({
  what,
  progress,
}: {
  what: string
  progress?: { loaded: number; total: number }
}) {
  const pct =
    progress && progress.total > 0 ? Math.min(100, (progress.loaded / progress.total) * 100) : null
  return (
    <div className="state" role="status" data-testid="loading">
      <h2>Loading {what}…</h2>
      {pct !== null && (
        <>
          <div className="progress">
            <div style={{ width: `${pct}%` }} />
          </div>
          <p>
            {progress!.loaded.toLocaleString()} of {progress!.total.toLocaleString()}
          </p>
        </>
      )}
    </div>
  )
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state" data-testid="empty">
      <h2>{title}</h2>
      {children}
    </div>
  )
}

export function Failed({
  title,
  message,
  onRetry,
}: {
  title: string
  message: string | null
  onRetry?: () => void
}) {
  return (
    <div className="state error" role="alert" data-testid="error-state">
      <h2>{title}</h2>
      <p>{message}</p>
      {onRetry && <button onClick={onRetry}>Retry</button>}
    </div>
  )
}
