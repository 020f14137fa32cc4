/**
 * Who this browser is: the access token (per browser, in localStorage) and the display
 * profile shown to others on a board (per tab, in sessionStorage, so two tabs of one
 * browser are two people when trying sync by hand).
 *
 * A `?token=` in the page URL overrides the stored token, is saved, and is removed from the
 * address bar (so it does not linger in history or get copied along with the URL).
 */

const TOKEN_KEY = 'atelier.token'
const PROFILE_KEY = 'atelier.profile'

/** Readable on white and as a badge background with white text. */
export const PROFILE_COLORS = [
  '#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bc5a00',
]

/**
 * @typedef {object} Profile
 * @property {string} name
 * @property {string} color `#rrggbb`
 */

/** @returns {string | null} the token in effect, after applying a `?token=` override */
export function currentToken() {
  const url = new URL(location.href)
  const fromURL = url.searchParams.get('token')
  if (fromURL) {
    saveToken(fromURL)
    url.searchParams.delete('token')
    history.replaceState(history.state, '', url.pathname + url.search + url.hash)
    return fromURL
  }
  return storedToken()
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
