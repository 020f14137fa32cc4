/**
 * The single-page app's entry: routes on `location.pathname`, loading each page's module
 * when it is needed (the server preloads a route's modules, see preload.json).
 *
 * - `/join/{token}`: saves the invite token in this browser, then goes home.
 * - `/boards/{boardId}`: the board editor for whoever is signed in
 *   (components/board-editor.js); `?demo=1` opens the sync demo page instead (interop tests).
 * - `/stage/{sessionId}/{groupId}`: a group's pitch on the stage (components/atelier-stage.js).
 * - `/results/{sessionId}`: the facilitator's results page (components/atelier-results.js).
 *   Both also answer as `/#/stage/…` and `/#/results/…`, which need no server route.
 * - `/#/doc/{API path}`: a file of the server (the signed record, a group's report, the CSV
 *   exports) fetched with the signed-in person's token, shown in place or downloaded
 *   (lib/documents.js, components/atelier-document.js).
 * - `/`: home: the facilitator's console, or a participant's home, by the token's role; the
 *   sign-in card when there is no token (see components/atelier-home.js).
 *
 * A token in a link (`/join/{token}` or `?token=` on any page) is taken at once when the
 * browser holds none (or the same one); when it holds another, the page first asks which
 * to keep, showing who each token is (components/atelier-token-switch.js), so a
 * facilitator's token is never dropped silently. The top bar's language toggle sets the
 * language of every page (see lib/i18n.js).
 *
 * Images send the token as the `atelier_token` cookie (lib/session.js): a page is shown once
 * the cookie is known to be there (asked for while the page's modules load, so it costs no
 * wait), and an image that fails all the same (cookies cleared) is loaded again once after
 * the cookie is asked for anew.
 */
import { prefetch, seg } from './lib/api.js'
import { documentRoute, documentShown } from './lib/documents.js'
import { html, render } from './lib/html.js'
import { t } from './lib/i18n.js'
import { clearToken, forgetCookie, markCookieSet, saveToken, signInCookie, storedToken, takeTokenFromAddress } from './lib/session.js'
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

/**
 * Takes a token that came in a link: at once when there is nothing to lose, else after the
 * person chose (the page shows the choice and resolves when it is made).
 * @param {string} incoming
 * @returns {Promise<string>} the token kept
 */
async function adopt(incoming) {
  const current = storedToken()
  if (!current || current === incoming) {
    saveToken(incoming)
    return incoming
  }
  await import('./components/atelier-token-switch.js')
  const card = /** @type {import('./components/atelier-token-switch.js').AtelierTokenSwitch} */ (document.createElement('atelier-token-switch'))
  card.current = current
  card.incoming = incoming
  const chosen = await new Promise((resolve) => {
    card.addEventListener('atelier-token-choice', (event) => resolve(/** @type {CustomEvent<{ token: string }>} */ (event).detail.token), { once: true })
    main.replaceChildren(card)
  })
  saveToken(/** @type {string} */ (chosen))
  return /** @type {string} */ (chosen)
}

async function route() {
  const path = location.pathname
  const join = path.match(/^\/join\/([^/]+)\/?$/)
  if (join) {
    const token = decodeSegment(join[1])
    if (token) {
      // This page's answer set the cookie of the link's token (if it is good).
      if ((await adopt(token)) === token) markCookieSet()
      else forgetCookie()
    }
    location.replace('/')
    return
  }
  const fromAddress = takeTokenFromAddress()
  if (fromAddress) await adopt(fromAddress)

  const token = storedToken()
  const cookie = token ? signInCookie(token) : Promise.resolve()
  const board = path.match(/^\/boards\/([^/]+)\/?$/)
  if (board) {
    const boardId = decodeSegment(board[1])
    if (boardId) {
      const demo = new URLSearchParams(location.search).get('demo') === '1'
      if (demo) {
        await import('./components/atelier-board-demo.js')
        const page = /** @type {import('./components/atelier-board-demo.js').AtelierBoardDemo} */ (document.createElement('atelier-board-demo'))
        page.boardId = boardId
        page.token = token
        await cookie
        main.replaceChildren(page)
        return
      }
      // Who we are loads, and the board connects, while the editor's modules are still on the way.
      /** @type {Promise<import('./board/board-connection.js').BoardConnection | null>} */
      let early = Promise.resolve(null)
      if (token) {
        prefetch('/me', token)
          .then((me) => me?.session?.id && prefetch(`/sessions/${seg(me.session.id)}`, token))
          .catch(() => {})
        early = import('./board/board-connection.js').then(({ BoardConnection }) => {
          const connection = new BoardConnection({ boardId, token })
          void connection.open()
          return connection
        })
      }
      await import('./components/board-editor.js')
      const page = /** @type {import('./components/board-editor.js').AtelierBoardEditor} */ (document.createElement('atelier-board-editor'))
      page.boardId = boardId
      page.token = token
      page.connection = await early
      await cookie
      main.replaceChildren(page)
      return
    }
  }

  const file = path === '/' ? documentRoute(location.hash.slice(1)) : null
  if (file) {
    await import('./components/atelier-document.js')
    const page = /** @type {import('./components/atelier-document.js').AtelierDocument} */ (document.createElement('atelier-document'))
    page.token = token
    page.route = file
    main.replaceChildren(page)
    return
  }

  const pitchView = pitchRoute(path) ?? (path === '/' ? pitchRoute(location.hash.slice(1)) : null)
  const stage = pitchView?.[0] === 'stage' ? pitchView : null
  const results = pitchView?.[0] === 'results' ? pitchView : null
  if (stage || results) {
    if (stage) await import('./components/atelier-stage.js')
    else await import('./components/atelier-results.js')
    const page = /** @type {import('./components/atelier-stage.js').AtelierStage & import('./components/atelier-results.js').AtelierResults} */ (
      document.createElement(stage ? 'atelier-stage' : 'atelier-results')
    )
    page.token = token
    page.sessionId = decodeSegment((stage ?? results ?? [])[1]) ?? ''
    if (stage) page.groupId = decodeSegment(stage[2]) ?? ''
    await cookie
    main.replaceChildren(page)
    return
  }

  if (path === '/' || path === '') {
    await import('./components/atelier-home.js')
    const home = /** @type {import('./components/atelier-home.js').AtelierHome} */ (document.createElement('atelier-home'))
    home.token = token
    await cookie
    main.replaceChildren(home)
    return
  }

  render(main, html`<section class="card notice"><h1>${t('app.notFound')}</h1><p>${t('app.noPage', { path })} <a href="/">${t('app.goHome')}</a></p></section>`)
}

// Into or out of a pitch view or a file by its fragment (e.g. console → `#/results/{id}` → back).
window.addEventListener('hashchange', () => {
  // A server page replaced the app's document: start the app again at the new address.
  if (documentShown()) {
    location.reload()
    return
  }
  const showing = main.firstElementChild?.localName
  const fragment = location.hash.slice(1)
  if (pitchRoute(fragment) || documentRoute(fragment) || ['atelier-stage', 'atelier-results', 'atelier-document'].includes(showing ?? '')) void route()
})

main.addEventListener('atelier-open-board', (event) => {
  const { token, boardId } = /** @type {CustomEvent<{ token: string | null, boardId: string }>} */ (event).detail
  if (token) saveToken(token)
  location.assign(`/boards/${encodeURIComponent(boardId)}`)
})

main.addEventListener('atelier-sign-in', (event) => {
  const { token } = /** @type {CustomEvent<{ token: string }>} */ (event).detail
  saveToken(token)
  void route()
})

// An image refused for want of the cookie (cleared, or set for another token): ask for it
// again, once per page, then load each failed image once more.
/** @type {Promise<void> | null} */
let cookieAgain = null
document.addEventListener('error', (event) => {
  const img = event.target
  const token = storedToken()
  if (!(img instanceof HTMLImageElement) || !token || img.dataset.retried) return
  if (!new URL(img.src, location.href).pathname.startsWith('/assets/')) return
  img.dataset.retried = 'yes'
  cookieAgain ??= signInCookie(token, { force: true })
  void cookieAgain.then(() => { img.src = img.src })
}, true)

main.addEventListener('atelier-sign-out', () => {
  clearToken()
  location.replace('/')
})

void route()
