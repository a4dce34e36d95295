// "?": every shortcut, from the one keyboard map (lib/shortcuts.ts).
import { useAppStore } from '../state/store'
import { SHORTCUTS } from '../lib/shortcuts'
import { Modal } from './Modal'

const KEY_NAMES: Record<string, string> = {
  ' ': 'Space',
  ArrowUp: '↑',
  ArrowDown: '↓',
  ArrowLeft: '←',
  ArrowRight: '→',
}

export function HelpOverlay() {
  const close = (): void => useAppStore.getState().setHelpOpen(false)
  return (
    <Modal title="Keyboard shortcuts" testId="help" onClose={close}>
      <table className="keys">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <td>
                {s.keys.map((k) => (
                  <kbd key={k} style={{ marginRight: 4 }}>
                    {KEY_NAMES[k] ?? k}
                  </kbd>
                ))}
              </td>
              <td>{s.label}</td>
            </tr>
          ))}
          <tr>
            <td>
              <kbd>Ctrl</kbd> + wheel
            </td>
            <td>Zoom the timeline around the cursor</td>
          </tr>
          <tr>
            <td>
              <kbd>Shift</kbd> + wheel, drag
            </td>
            <td>Pan the timeline</td>
          </tr>
        </tbody>
      </table>
      <div className="buttons">
        <button onClick={close}>Close</button>
      </div>
    </Modal>
  )
}
