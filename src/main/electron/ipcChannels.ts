// The three Electron IPC channel names: one for every contract call, one for events, one for
// the preload's drop grant. Shared by main and the preload (which bundles it).
export const IPC_INVOKE = 'tracescope:invoke'
export const IPC_EVENT = 'tracescope:event'
/** preload only: the path of a File the user dropped, read with webUtils.getPathForFile */
export const IPC_GRANT_DROP = 'tracescope:grant-drop'
