/**
 * Who this browser is: the access token (per browser, in localStorage) and the display
 * profile shown to others on a board (per tab, in sessionStorage, so two tabs of one
 * browser are two people when trying sync by hand).
 *
 * A `?token=` in the page URL is taken out of the address bar (so it does not linger in
 * history or get copied along with the URL) by `takeTokenFromAddress`; the app saves it,
 * asking first when the browser holds another token (app.js).
 */

const TOKEN_KEY = 'atelier.token'
const PROFILE_KEY = 'atelier.profile'

/** Readable on white and as a badge background under white text (contrast ≥ 4.5:1). */
export const PROFILE_COLORS = [
  '#1f5fa6', '#b3261e', '#1b7a3a', '#6b3fa0', '#7a4e2d', '#a1306e', '#0f6e7a', '#9a4a00',
]

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
  localStorage.setItem(TOKEN_KEY, token)
}

export function clearToken() {
  localStorage.removeItem(TOKEN_KEY)
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
