// The HTTP side of browser mode: the page (behind the token), the renderer's static files and
// finished exports. One request must never take the server down: a target that does not parse
// is answered 400, anything a handler throws is answered 500 and logged, and a file that
// disappears while it streams ends that response only.
import fs from 'node:fs'
import type http from 'node:http'
import type { AppCore } from '../service/appCore'
import { withMetaPolicy } from './csp'
import { hostAllowed, originAllowed, requestUrl, tokenMatches } from './requestGuards'
import { resolveStatic } from './staticFiles'

export interface RouteOptions {
  core: AppCore
  token: string
  rendererDir: string
  port(): number
  /** security headers plus extra ones */
  headers(extra?: Record<string, string>): Record<string, string>
  /** the page's CSP meta tag is set to this (the header's policy as a meta tag can carry it) */
  pagePolicy(): string
  log(line: string): void
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void

export function createRequestHandler(opts: RouteOptions): Handler {
  const route = routes(opts)
  return (req, res) => {
    try {
      route(req, res)
    } catch (e) {
      opts.log(`tracescope serve: ${req.method} request failed: ${(e as Error)?.stack ?? e}`)
      failResponse(res, opts, 500, 'Internal error: the request could not be answered.')
    }
  }
}

/** Answers with a status when nothing was sent yet; otherwise ends the connection. */
function failResponse(
  res: http.ServerResponse,
  opts: RouteOptions,
  status: number,
  text: string,
): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.writeHead(
    status,
    opts.headers({ 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }),
  )
  res.end(text + '\n')
}

/** Streams a file; a read error (the file vanished) ends this response, never the server. */
function streamFile(
  file: string,
  res: http.ServerResponse,
  opts: RouteOptions,
  headers: Record<string, string>,
  head: boolean,
): void {
  const stream = fs.createReadStream(file)
  stream.once('error', (e: NodeJS.ErrnoException) => {
    opts.log(`tracescope serve: could not read ${file}: ${e.message}`)
    failResponse(res, opts, e.code === 'ENOENT' ? 404 : 500, 'The file could not be read.')
  })
  stream.once('open', () => {
    res.writeHead(200, opts.headers(headers))
    if (head) {
      stream.destroy()
      res.end()
    } else stream.pipe(res)
  })
  res.once('close', () => stream.destroy())
}

/** The page, its CSP meta tag allowing this server's WebSocket exactly as the header does. */
function sendPage(file: string, res: http.ServerResponse, opts: RouteOptions, head: boolean): void {
  fs.readFile(file, 'utf8', (err, html) => {
    if (err) {
      opts.log(`tracescope serve: could not read ${file}: ${err.message}`)
      return failResponse(res, opts, 500, 'The page could not be read.')
    }
    const body = Buffer.from(withMetaPolicy(html, opts.pagePolicy()))
    res.writeHead(
      200,
      opts.headers({
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Length': String(body.length),
        'Cache-Control': 'no-store',
      }),
    )
    res.end(head ? undefined : body)
  })
}

function routes(opts: RouteOptions): Handler {
  const { core, token } = opts
  return (req, res) => {
    const reply = (status: number, text: string) => failResponse(res, opts, status, text)
    const port = opts.port()
    if (!hostAllowed(req.headers.host, port))
      return reply(403, 'Forbidden: unexpected Host header.')
    if (!originAllowed(req.headers.origin, port))
      return reply(403, 'Forbidden: requests from other sites are refused.')
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply(405, 'Method not allowed.')
    const url = requestUrl(req.url)
    if (!url) return reply(400, 'Bad request: the request target is not a valid URL.')
    const given = url.searchParams.get('token')
    const head = req.method === 'HEAD'

    if (url.pathname.startsWith('/exports/')) {
      if (!tokenMatches(given, token))
        return reply(401, 'Unauthorized: the token is missing or wrong.')
      const found = core.exports.download(url.pathname.slice('/exports/'.length))
      if (!found) return reply(404, 'No such export (it may still be running).')
      return streamFile(
        found.path,
        res,
        opts,
        {
          'Content-Type': 'application/octet-stream',
          'Content-Disposition': `attachment; filename="${found.fileName.replace(/"/g, '')}"`,
          'Cache-Control': 'no-store',
        },
        head,
      )
    }
    const isPage = url.pathname === '/' || url.pathname === '/index.html'
    if (isPage && !tokenMatches(given, token)) {
      return reply(
        401,
        'Unauthorized: open the address `tracescope serve` printed (it carries the access token).',
      )
    }
    const file = resolveStatic(opts.rendererDir, isPage ? '/index.html' : url.pathname)
    if (!file) return reply(404, 'Not found.')
    if (isPage) return sendPage(file.file, res, opts, head)
    streamFile(
      file.file,
      res,
      opts,
      {
        'Content-Type': file.type,
        'Content-Length': String(file.size),
        'Cache-Control': 'public, max-age=3600',
      },
      head,
    )
  }
}
