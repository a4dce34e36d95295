// The Content-Security-Policy of every page we serve (browser mode header, Electron response
// header): our own script and stylesheet files only, no inline code, no eval, no remote content.
// Matches the meta tag in src/renderer/index.html; the header adds what a meta tag cannot.

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
