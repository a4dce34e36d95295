// The status cell of a session-list row: LIVE while the one rule says so (useSessionLive.ts),
// else the status. Its own component so each row can wake itself when its session goes quiet.
import type { Session } from '../../shared/domain'
import { useSessionLive } from '../lib/useSessionLive'
import { sessionStatusWord } from '../../shared/sessionStatusRule'

export function SessionStatusCell({ session }: { session: Session }) {
  const live = useSessionLive(session)
  return (
    <div className={`cell status-${session.status}`}>
      {live ? (
        <span className="badge live" data-testid="live-badge">
          LIVE
        </span>
      ) : (
        sessionStatusWord(session)
      )}
    </div>
  )
}
