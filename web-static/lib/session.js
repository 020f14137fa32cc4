/**
 * Who this browser is: the access token (per browser, in localStorage) and the display
 * profile shown to others on a board (per tab, in sessionStorage, so two tabs of one
 * browser are two people when trying sync by hand).
 *
 * Images (`<img src="/assets/…">`) cannot send the token as a header: they send the
 * `atelier_token` cookie, which only the server sets (it is HttpOnly). `signInCookie` asks for
 * it (`POST /api/v1/sign-in`) when the stored token changed or a day has passed (the cookie
 * lasts 30 days); `clearToken` has it cleared (`POST /api/v1/sign-out`).
 *
 * A `?token=` in the page URL is taken out of the address bar (so it does not linger in
 * history or get copied along with the URL) by `takeTokenFromAddress`; the app saves it,
 * asking first when the browser holds another token (app.js).
 */

const TOKEN_KEY = 'atelier.token'
const PROFILE_KEY = 'atelier.profile'
/** When the server last set the image cookie for the stored token (epoch ms). */
const COOKIE_KEY = 'atelier.cookie'
/** How long a set cookie is trusted before it is asked for again. */
const COOKIE_REFRESH_MS = 24 * 3600 * 1000

/** Readable on white and as a badge background under white text (contrast ≥ 4.5:1). */
export const PROFILE_COLORS = [
  '#1f5fa6', '#b3261e', '#1b7a3a', '#6b3fa0', '#7a4e2d', '#a1306e', '#0f6e7a', '#9a4a00',
]

/**
 * The token in what a person pasted into a token field: the token itself, or the whole invite
 * link as they received it (`https://host/join/TOKEN`, `…?token=TOKEN`, with or without the
 * scheme), from which the token is taken. Surrounding spaces are dropped.
 * @param {string} text
 * @returns {string}
 */
export function tokenFromInput(text) {
  const trimmed = text.trim()
  if (!/[/?#]/.test(trimmed)) return trimmed
  let url
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) || trimmed.startsWith('/') ? trimmed : `https://${trimmed}`, location.origin)
  } catch {
    return trimmed
  }
  const joined = url.pathname.match(/\/join\/([^/]+)\/?$/)
  const fromQuery = url.searchParams.get('token') ?? new URLSearchParams(url.hash.split('?')[1] ?? '').get('token')
  let token = joined ? joined[1] : fromQuery
  if (!token) return trimmed
  try {
    token = decodeURIComponent(token)
  } catch {
    // kept as written
  }
  return token.trim() || trimmed
}

/**
 * A person's colour, the same on every page and reload, from their id (FNV-1a hash).
 * @param {string} id
 * @returns {string}
 */
export function colorFor(id) {
  let hash = 0x811c9dc5
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return PROFILE_COLORS[hash % PROFILE_COLORS.length]
}

/**
 * @typedef {object} Profile
 * @property {string} name
 * @property {string} color `#rrggbb`
 */

/**
 * The `?token=` of the address, removed from the address bar; null when there is none.
 * @returns {string | null}
 */
export function takeTokenFromAddress() {
  const url = new URL(location.href)
  const fromURL = url.searchParams.get('token')
  if (!fromURL) return null
  url.searchParams.delete('token')
  history.replaceState(history.state, '', url.pathname + url.search + url.hash)
  return fromURL
}

/** @returns {string | null} */
export function storedToken() {
  try {
    return localStorage.getItem(TOKEN_KEY)
  } catch {
    return null
  }
}

/** @param {string} token */
export function saveToken(token) {
  if (storedToken() !== token) forgetCookie()
  localStorage.setItem(TOKEN_KEY, token)
}

export function clearToken() {
  localStorage.removeItem(TOKEN_KEY)
  forgetCookie()
  // keepalive: the page is about to go.
  fetch('/api/v1/sign-out', { method: 'POST', keepalive: true }).catch(() => {})
}

/**
 * Gives this browser the image cookie of `token`. Resolves at once when the server set it for
 * the stored token within the last day (unless `force`); else once the server has answered (a
 * refused token or no network leave the images to fail as the rest of the page does).
 * @param {string} token
 * @param {{ force?: boolean }} [options]
 * @returns {Promise<void>}
 */
export async function signInCookie(token, options = {}) {
  const force = options.force ?? false
  let setAt = 0
  try {
    setAt = Number(localStorage.getItem(COOKIE_KEY)) || 0
  } catch {
    // no storage: ask every time
  }
  if (!force && Date.now() - setAt < COOKIE_REFRESH_MS) return
  try {
    const response = await fetch('/api/v1/sign-in', { method: 'POST', headers: { Authorization: `Bearer ${token}` } })
    if (response.ok) markCookieSet()
  } catch {
    // offline: the next page asks again
  }
}

/** Notes that the server has just set the image cookie for the stored token (`/join/{token}` does). */
export function markCookieSet() {
  try {
    localStorage.setItem(COOKIE_KEY, String(Date.now()))
  } catch {
    // no storage: the next page asks again
  }
}

/** Forgets that the image cookie was set (the token changed, or the server's cookie may be another's). */
export function forgetCookie() {
  try {
    localStorage.removeItem(COOKIE_KEY)
  } catch {
    // no storage: nothing was kept
  }
}

/** @param {number} n @returns {number} a random integer in [0, n) */
function randomBelow(n) {
  return crypto.getRandomValues(new Uint32Array(1))[0] % n
}

/** @returns {Profile} this tab's profile, created on first use ("Guest 1234", a colour) */
export function currentProfile() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(PROFILE_KEY) ?? 'null')
    if (stored && typeof stored.name === 'string' && isColor(stored.color)) return stored
  } catch {
    // fall through to a fresh profile
  }
  const profile = {
    name: `Guest ${String(1000 + randomBelow(9000))}`,
    color: PROFILE_COLORS[randomBelow(PROFILE_COLORS.length)],
  }
  saveProfile(profile)
  return profile
}

/** @param {Profile} profile */
export function saveProfile(profile) {
  sessionStorage.setItem(PROFILE_KEY, JSON.stringify(profile))
}

/** @param {unknown} value @returns {value is string} */
export function isColor(value) {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value)
}
