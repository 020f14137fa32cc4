/**
 * Files the server makes for people — the signed record (`record.html`), a group's printable
 * report (`report.html`) and the CSV exports — at real addresses of the app that carry no
 * credential: `/#/doc/sessions/{id}/record.html`, `/#/doc/sessions/{id}/candidates.csv?sep=semicolon`.
 *
 * The API path follows `/#/doc/` as it is, so the address says what it opens. The app fetches
 * the file with the token of whoever is signed in on this browser: a link copied into another
 * browser opens with that reader's own rights (a participant sees their own section of the
 * record), never with the sender's, and a token never shows in an address bar or a history.
 * A page is shown in place, printable as the server made it; a CSV is handed over as a
 * download; a refusal or a missing sign-in is said in words (components/atelier-document.js),
 * never as the API's JSON. Only the files below can be opened this way, with `lang`, `version`
 * and `sep` passed on. For example:
 *
 * ```js
 * import { documentHref } from '../lib/documents.js'
 * html`<a href="${documentHref(`sessions/${encodeURIComponent(id)}/record.html`)}" target="_blank">…</a>`
 * documentRoute('/doc/sessions/s_1/results.csv?sep=semicolon') // { path: 'sessions/s_1/results.csv', params }
 * ```
 */

import { APIError } from './api.js'

/** A path segment: no slash, and never `.` or `..`. */
const SEG = '(?!\\.\\.?(?:/|$))[^/?#]+'

/** The files that open through `/#/doc/…`, as API paths under `/api/v1/`. */
const FILES = [
  new RegExp(`^sessions/${SEG}/record\\.html$`),
  new RegExp(`^sessions/${SEG}/groups/${SEG}/report\\.html$`),
  new RegExp(`^sessions/${SEG}/candidates\\.csv$`),
  new RegExp(`^sessions/${SEG}/results\\.csv$`),
]

/** Query parameters passed on to the server. */
const PARAMS = ['lang', 'version', 'sep']

/**
 * @typedef {object} DocumentRoute
 * @property {string} path the API path under `/api/v1/` (segments still URI-encoded)
 * @property {URLSearchParams} params the parameters passed on
 * @property {'html' | 'csv'} kind
 * @property {string} name the file's name (`record.html`, `candidates.csv`, …)
 */

/**
 * The app's address of a file: `/#/doc/` then its API path and parameters.
 * @param {string} path an API path under `/api/v1/`, ids URI-encoded (e.g. `sessions/s_1/record.html`)
 * @param {Record<string, string | number | undefined>} [params]
 * @returns {string}
 */
export function documentHref(path, params = {}) {
  const query = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== '') query.set(key, String(value))
  const tail = query.toString()
  return `/#/doc/${path}${tail ? `?${tail}` : ''}`
}

/**
 * The file an address's fragment (without its `#`) names, or null when it names none of
 * the files above.
 * @param {string} fragment e.g. `/doc/sessions/s_1/record.html?lang=fr`
 * @returns {DocumentRoute | null}
 */
export function documentRoute(fragment) {
  const match = fragment.match(/^\/doc\/([^?#]*)(?:\?([^#]*))?$/)
  if (!match) return null
  const path = match[1]
  if (!FILES.some((pattern) => pattern.test(path))) return null
  const given = new URLSearchParams(match[2] ?? '')
  const params = new URLSearchParams()
  for (const key of PARAMS) {
    const value = given.get(key)
    if (value) params.set(key, value)
  }
  const name = path.slice(path.lastIndexOf('/') + 1)
  return { path, params, kind: name.endsWith('.csv') ? 'csv' : 'html', name }
}

let shown = false

/** Marks that a server page replaced the app's document (the app then reloads on navigation). */
export function markDocumentShown() {
  shown = true
}

/** @returns {boolean} whether a server page replaced the app's document */
export function documentShown() {
  return shown
}

/**
 * Fetches a file with the signed-in person's token (and the reader's language, which the
 * server reads for `record.html`); throws an `APIError` from the server's JSON error.
 * @param {DocumentRoute} route
 * @param {string} token
 * @returns {Promise<Response>}
 */
export async function fetchFile(route, token) {
  const query = route.params.toString()
  let response
  try {
    response = await fetch(`/api/v1/${route.path}${query ? `?${query}` : ''}`, {
      headers: { Authorization: `Bearer ${token}` },
      cache: 'no-store',
    })
  } catch {
    throw new APIError(0, 'network', 'network')
  }
  if (!response.ok) {
    const data = await response.json().catch(() => null)
    throw new APIError(response.status, data?.error?.code ?? `http_${response.status}`, data?.error?.message ?? `${response.status}`)
  }
  return response
}

/**
 * Fetches a CSV (or any file) and hands it to the browser as a download under its name.
 * @param {DocumentRoute} route
 * @param {string} token
 * @returns {Promise<string>} the name it was saved under
 */
export async function downloadFile(route, token) {
  const response = await fetchFile(route, token)
  const disposition = response.headers.get('Content-Disposition') ?? ''
  const name = disposition.match(/filename="([^"]+)"/)?.[1] ?? route.name
  const url = URL.createObjectURL(await response.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = route.params.get('sep') === 'semicolon' ? name.replace(/\.csv$/, '-semicolon.csv') : name
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
  return a.download
}

/**
 * Replaces the app's document with a page the server made (its own head, styles and
 * language); the address stays the app's, so printing prints the page and a copy of the
 * address opens it again with the reader's rights.
 * @param {string} markup
 */
export function showPage(markup) {
  const parsed = new DOMParser().parseFromString(markup, 'text/html')
  const root = document.adoptNode(parsed.documentElement)
  document.replaceChild(root, document.documentElement)
  markDocumentShown()
}

/**
 * Downloads in place when a link to a CSV (`a[data-download]` whose `href` is an app address
 * of a file) is clicked, rather than opening a tab; other clicks are left alone. Returns the
 * promise of the download, or null when the click was not for one.
 * @param {Event} event a click
 * @param {string | null} token
 * @returns {Promise<string> | null}
 */
export function downloadOnClick(event, token) {
  const link = event.target instanceof Element ? event.target.closest('a[data-download]') : null
  if (!(link instanceof HTMLAnchorElement) || !token) return null
  const route = documentRoute(new URL(link.href).hash.slice(1))
  if (!route) return null
  event.preventDefault()
  return downloadFile(route, token)
}
