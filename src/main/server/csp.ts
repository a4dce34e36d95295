// The Content-Security-Policy of every page we serve (browser mode header, Electron response
// header): our own script and stylesheet files only, no inline code, no eval, no remote content.
// The built index.html carries the same policy in a meta tag (test/server/csp.test.ts checks
// the built file): a page loaded from file:// in the desktop app gets no response headers, so
// the meta tag is its only policy. `serve` rewrites that tag to match its header exactly.

export function contentSecurityPolicy(opts: { connect?: string[] } = {}): string {
  const connect = ["'self'", ...(opts.connect ?? [])].join(' ')
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src ${connect}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Headers on every response of the browser-mode server. */
export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // the token is in the page URL: never send it to anyone in a Referer
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  }
}

/** The policy as a meta tag can carry it: frame-ancestors is ignored there (the header has it). */
export function metaPolicy(opts: { connect?: string[] } = {}): string {
  return contentSecurityPolicy(opts)
    .split('; ')
    .filter((d) => !d.startsWith('frame-ancestors'))
    .join('; ')
}

const META = /(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")/i

/** The policy of a page's CSP meta tag, or null when it has none. */
export function metaPolicyOf(html: string): string | null {
  return META.exec(html)?.[2] ?? null
}

/** The page with its CSP meta tag set to `policy`; one is added at the top if it has none. */
export function withMetaPolicy(html: string, policy: string): string {
  if (META.test(html))
    return html.replace(META, (_m, a: string, _old: string, b: string) => `${a}${policy}${b}`)
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy}">`
  const head = /<head[^>]*>/i.exec(html)
  return head
    ? html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length)
    : tag + html
}
