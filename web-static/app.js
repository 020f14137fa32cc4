/**
 * The single-page app's entry: routes on `location.pathname`.
 *
 * - `/join/{token}`: saves the invite token in this browser, then goes home.
 * - `/boards/{boardId}`: the board editor for whoever is signed in
 *   (components/board-editor.js); `?demo=1` opens the sync demo page instead (interop tests).
 * - `/stage/{sessionId}/{groupId}`: a group's pitch on the stage (components/atelier-stage.js).
 * - `/results/{sessionId}`: the facilitator's results page (components/atelier-results.js).
 *   Both also answer as `/#/stage/…` and `/#/results/…`, which need no server route.
 * - `/`: home: the facilitator's console, or a participant's home, by the token's role; the
 *   sign-in card when there is no token (see components/atelier-home.js).
 * A `?token=` on any page overrides the stored token and is saved (see lib/session.js).
 * The top bar's language toggle sets the language of every page (see lib/i18n.js).
 */
import { html, render } from './lib/html.js'
import { clearToken, currentToken, saveToken } from './lib/session.js'
import './components/atelier-home.js'
import './components/atelier-board-demo.js'
import './components/board-editor.js'
import './components/atelier-language-toggle.js'
import './components/atelier-stage.js'
import './components/atelier-results.js'

const main = /** @type {HTMLElement} */ (document.querySelector('main'))

/** @param {string} segment @returns {string | null} */
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
}

/**
 * The pitch view a path (or a fragment without its `#`) names, as `['stage', sessionId, groupId]`
 * or `['results', sessionId]` (still URI-encoded), or null.
 * @param {string} path
 * @returns {string[] | null}
 */
function pitchRoute(path) {
  const stage = path.match(/^\/stage\/([^/]+)\/([^/]+)\/?$/)
  if (stage) return ['stage', stage[1], stage[2]]
  const results = path.match(/^\/results\/([^/]+)\/?$/)
  return results ? ['results', results[1]] : null
}

function route() {
  const path = location.pathname
  const join = path.match(/^\/join\/([^/]+)\/?$/)
  if (join) {
    const token = decodeSegment(join[1])
    if (token) saveToken(token)
    location.replace('/')
    return
  }

  const token = currentToken()
  const board = path.match(/^\/boards\/([^/]+)\/?$/)
  if (board) {
    const boardId = decodeSegment(board[1])
    if (boardId) {
      document.title = `${boardId} · Atelier`
      const demo = new URLSearchParams(location.search).get('demo') === '1'
      const page = /** @type {import('./components/atelier-board-demo.js').AtelierBoardDemo | import('./components/board-editor.js').AtelierBoardEditor} */ (
        document.createElement(demo ? 'atelier-board-demo' : 'atelier-board-editor')
      )
      page.boardId = boardId
      page.token = token
      main.replaceChildren(page)
      return
    }
  }

  const pitchView = pitchRoute(path) ?? (path === '/' ? pitchRoute(location.hash.slice(1)) : null)
  const stage = pitchView?.[0] === 'stage' ? pitchView : null
  const results = pitchView?.[0] === 'results' ? pitchView : null
  if (stage || results) {
    const page = /** @type {import('./components/atelier-stage.js').AtelierStage & import('./components/atelier-results.js').AtelierResults} */ (
      document.createElement(stage ? 'atelier-stage' : 'atelier-results')
    )
    page.token = token
    page.sessionId = decodeSegment((stage ?? results ?? [])[1]) ?? ''
    if (stage) page.groupId = decodeSegment(stage[2]) ?? ''
    main.replaceChildren(page)
    return
  }

  if (path === '/' || path === '') {
    const home = /** @type {import('./components/atelier-home.js').AtelierHome} */ (
      document.createElement('atelier-home')
    )
    home.token = token
    main.replaceChildren(home)
    return
  }

  render(main, html`<section class="card notice"><h1>Not found</h1><p>No page at <code>${path}</code>. <a href="/">Go home</a>.</p></section>`)
}

// Into or out of a pitch view by its fragment (e.g. console → `#/results/{id}` → back).
window.addEventListener('hashchange', () => {
  const showing = main.firstElementChild?.localName
  if (pitchRoute(location.hash.slice(1)) || showing === 'atelier-stage' || showing === 'atelier-results') route()
})

main.addEventListener('atelier-open-board', (event) => {
  const { token, boardId } = /** @type {CustomEvent<{ token: string | null, boardId: string }>} */ (event).detail
  if (token) saveToken(token)
  location.assign(`/boards/${encodeURIComponent(boardId)}`)
})

main.addEventListener('atelier-sign-in', (event) => {
  const { token } = /** @type {CustomEvent<{ token: string }>} */ (event).detail
  saveToken(token)
  route()
})

main.addEventListener('atelier-sign-out', () => {
  clearToken()
  location.replace('/')
})

route()
