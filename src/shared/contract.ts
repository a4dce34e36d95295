/*
 * The one IPC contract of Tracescope: every invoke channel and every event channel, with
 * runtime schemas (zod 4) and the TypeScript types derived from them. The Electron, browser
 * and in-process transports all serve the same handler table (src/main/service/handlers.ts).
 *
 * ── Usage (renderer, H6) ─────────────────────────────────────────────────────────────────
 *   import { getTraceApi } from '../api'            // src/renderer/api: picks Electron or browser
 *   const api = getTraceApi()
 *   const [src] = await api.invoke('sources.list', {})          // sources main already opened
 *   const page = await api.invoke('sessions.list', { sourceId: src.sourceId, limit: 200, sort: 'lastActivity' })
 *   const cols = await api.invoke('spans.columns', { sourceId, sessionId, limit: 5000, cursor })
 *        // a page as typed-array columns (timeline); 'spans.list' gives objects with attributes
 *   const detail = await api.invoke('spans.get', { sourceId, sessionId, spanId })
 *   const stop = api.subscribe({ sourceId, topic: 'spans', sessionId }, (e) => {
 *     // e.spanCount grew → fetch spans with since = last seen start time; ≤ 10 events/s
 *   })
 *   api.on('export.progress', (p) => …)   // after api.invoke('export.start', {...})
 *   try { … } catch (e) { if (e instanceof ContractError) e.code, e.field, e.message }
 *
 * Rules: every list is paged (limit ≤ 5000, opaque nextCursor). Inputs are strict objects:
 * an unknown or malformed field rejects with code 'invalid-input' and `field` naming it.
 * `sources.open` takes only a path the user granted (dialog, drop via
 * api.pathForDroppedFile(file), command line, recent files). `app.info` tells which mode
 * you are in and what it can do (dialogs in Electron, downloads in browser mode).
 * Live events are notifications with counts, not data: on each, re-query what you show.
 */
export * from './contract/errors'
export * from './contract/schemas'
export * from './contract/invoke'
export * from './contract/events'
export * from './contract/api'
export * from './contract/spanColumns'
export * from './contract/client'
