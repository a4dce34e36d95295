// The application menu: File > Open…, Open Recent, Close Window, Quit; Edit and View basics.
import { Menu } from 'electron'
import type { MenuItemConstructorOptions } from 'electron'
import type { RecentFile } from '../../shared/contract/invoke'

export interface MenuActions {
  openDialog(): void
  openRecent(file: string): void
  newWindow(): void
  recent(): RecentFile[]
}

export function buildAppMenu(actions: MenuActions, opts: { dev: boolean }): Menu {
  const recent = actions.recent().filter((r) => r.exists)
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => actions.openDialog() },
        {
          label: 'Open Recent',
          enabled: recent.length > 0,
          submenu: recent.map((r) => ({ label: r.path, click: () => actions.openRecent(r.path) })),
        },
        { label: 'New Window', accelerator: 'CmdOrCtrl+Shift+N', click: () => actions.newWindow() },
        { type: 'separator' },
        { role: 'close' },
        ...(process.platform === 'darwin' ? [] : [{ role: 'quit' as const }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(opts.dev ? [{ role: 'reload' as const }, { role: 'toggleDevTools' as const }] : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ]
  return Menu.buildFromTemplate(template)
}
