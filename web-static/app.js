/**
 * The single-page app's entry: routes on `location.pathname`.
 *
 * - `/join/{token}`: saves the invite token in this browser, then goes home.
 * - `/boards/{boardId}`: the board editor for whoever is signed in
 *   (components/board-editor.js); `?demo=1` opens the sync demo page instead (interop tests).
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

const main = /** @type {HTMLElement} */ (document.querySelector('main'))

/** @param {string} segment @returns {string | null} */
function decodeSegment(segment) {
  try {
    return decodeURIComponent(segment)
  } catch {
    return null
  }
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
