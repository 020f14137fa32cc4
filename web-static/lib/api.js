/**
 * Calls to the server's JSON API (`/api/v1/…`) with this browser's token.
 *
 * Every call sends `Authorization: Bearer <token>`; a JSON body is sent as
 * `application/json`. A non-2xx answer throws an `APIError` carrying the server's
 * `{"error":{"code","message","field"?,"criteria"?}}`; pages say it in the reader's language
 * from its code (lib/errors.js, `errorText`), the server's English message being only the
 * fallback for a code the app does not know. A network failure throws an `APIError` with
 * status 0 and code `network`. For example:
 *
 * ```js
 * import { api } from '../lib/api.js'
 * const { sessions } = await api('/sessions', { token })
 * await api(`/sessions/${encodeURIComponent(id)}/phase`, { token, method: 'POST', body: { action: 'advance' } })
 * ```
 */

import { t } from './i18n.js'

const BASE = '/api/v1'

/** An error answer from the API, or a network failure (status 0). */
export class APIError extends Error {
  /**
   * @param {number} status the HTTP status, 0 for a network failure
   * @param {string} code the server's error code
   * @param {string} message the server's message (English, for logs; see lib/errors.js)
   * @param {{ field?: string, criteria?: string[] }} [details] the refused definition field, the criteria concerned
   */
  constructor(status, code, message, details = {}) {
    super(message)
    this.name = 'APIError'
    this.status = status
    this.code = code
    /** @type {string | undefined} */
    this.field = details.field
    /** @type {string[] | undefined} */
    this.criteria = details.criteria
  }
}

/** GET answers asked for early (see `prefetch`), by token and path; each is taken once. */
/** @type {Map<string, Promise<any>>} */
const early = new Map()

/**
 * Starts a GET now, for a page that will ask for it once its modules have loaded (the board
 * page reads `/me` and its session while the editor's modules are still on the way). The
 * next `api()` GET of the same path with the same token takes this answer (or its error).
 * @param {string} path
 * @param {string | null} token
 * @returns {Promise<any>}
 */
export function prefetch(path, token) {
  const key = `${token ?? ''} ${path}`
  const pending = early.get(key) ?? request(path, { token })
  pending.catch(() => {})
  early.set(key, pending)
  return pending
}

/**
 * @param {string} path under `/api/v1`, starting with `/`; encode ids with encodeURIComponent
 * @param {{ token: string | null, method?: string, body?: unknown, headers?: Record<string, string> }} options
 * @returns {Promise<any>} the parsed JSON answer (null for an empty body)
 */
export async function api(path, { token, method = 'GET', body, headers }) {
  if (method === 'GET') {
    const key = `${token ?? ''} ${path}`
    const pending = early.get(key)
    if (pending) {
      early.delete(key)
      return pending
    }
  }
  return request(path, { token, method, body, headers })
}

/**
 * @param {string} path
 * @param {{ token: string | null, method?: string, body?: unknown, headers?: Record<string, string> }} options
 * @returns {Promise<any>}
 */
async function request(path, { token, method = 'GET', body, headers: extra }) {
  /** @type {Record<string, string>} */
  const headers = { Accept: 'application/json', ...extra }
  if (token) headers.Authorization = `Bearer ${token}`
  /** @type {RequestInit} */
  const init = { method, headers, cache: 'no-store' }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    init.body = typeof body === 'string' ? body : JSON.stringify(body)
  }
  let response
  try {
    response = await fetch(BASE + path, init)
  } catch {
    throw new APIError(0, 'network', t('common.networkError'))
  }
  const text = await response.text()
  let data = null
  if (text !== '') {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!response.ok) {
    const error = data && typeof data === 'object' ? data.error : null
    const code = typeof error?.code === 'string' ? error.code : `http_${response.status}`
    const message =
      typeof error?.message === 'string' && error.message !== ''
        ? error.message
        : `${response.status} ${response.statusText || 'error'}`
    const field = typeof error?.field === 'string' ? error.field : undefined
    const criteria = Array.isArray(error?.criteria) ? error.criteria.filter((/** @type {unknown} */ c) => typeof c === 'string') : undefined
    throw new APIError(response.status, code, message, { field, criteria })
  }
  return data
}

/**
 * `encodeURIComponent`, for ids in API paths.
 * @param {string} id
 * @returns {string}
 */
export function seg(id) {
  return encodeURIComponent(id)
}

/**
 * A fresh key for one write that may be retried (`Idempotency-Key`: the server logs it once
 * however often it is sent). `crypto.getRandomValues` works on plain http:// too, where
 * `crypto.randomUUID` does not exist.
 * @returns {string}
 */
export function requestKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
