import { api, seg } from '../lib/api.js'
import { errorText } from '../lib/errors.js'
import { kindOf, loadKinds } from '../board/kinds/registry.js'
import { DeckReader } from '../lib/deck-reader.js'
import { html, render } from '../lib/html.js'
import { liveLabels, onLanguageChange, setTimeZone, t } from '../lib/i18n.js'
import { LiveChannel } from '../lib/live.js'
import { pitchPath, pitchThresholds, qaThresholds } from '../lib/pitch.js'
import './atelier-connection-status.js'
import './atelier-pitch-timer.js'

/** Keys that move the presenter forward and back. */
const NEXT_KEYS = new Set(['ArrowRight', 'PageDown', ' '])
const PREVIOUS_KEYS = new Set(['ArrowLeft', 'PageUp'])

/**
 * The stage at `/stage/{sessionId}/{groupId}`: a group's current slide full-screen and a large
 * countdown from the server's deadline (lib/clock.js offset) that turns amber at the first
 * warning and red at the last (by default 2 min and 1 min left: the last minute is red), then
 * counts the overtime up in red. During the Q&A the
 * countdown is the Q&A's. The slide follows the pitch (`pitch` events on the live channel);
 * the slides' content is read from the deck board (y-websocket, read-only).
 *
 * Presenter keys (← / →, Page Up / Page Down, Space) change slides when the signed-in person
 * may (the facilitator, or a participant of the group); F toggles full screen. Timekeepers
 * (facilitator, jurors) get Start / Stop buttons in the bottom bar.
 *
 * Data down (set before connecting): `token`, `sessionId`, `groupId`. No events. Mirrors
 * `data-state` (the pitch's state), `data-slide` (0-based slide shown), `data-slides`,
 * `data-can-present`, `data-live`, `data-moving` (`true` while the server has not confirmed
 * the slide shown); the timer mirrors `data-tier` and `data-remaining`.
 */
export class AtelierStage extends HTMLElement {
  /** @type {string | null} */
  token = null
  /** @type {string} */
  sessionId = ''
  /** @type {string} */
  groupId = ''

  /** @type {import('./atelier-home.js').Me | null} */
  #me = null
  #overrideOffered = false
  /** @type {number | null} the slide shown that the server has not confirmed yet */
  #movingTo = null
  /** @type {any} the pitch as it was before the moves under way, put back if they fail */
  #beforeMoves = null
  /** whether a move's request is under way (one at a time: see #sendMoves) */
  #sending = false
  #flashed = ''
  /** @type {ReturnType<typeof setTimeout> | null} */
  #flashTimer = null
  /** @type {any} */
  #session = null
  /** @type {import('../lib/pitch.js').PitchView | null} */
  #pitch = null
  /** @type {LiveChannel | null} */
  #live = null
  /** @type {DeckReader | null} */
  #deck = null
  /** @type {Map<string, Set<number>>} per timer scope ('pitch', 'qa'): the warnings received this run (seconds left) */
  #warnings = new Map()
  /** @type {string | null} */
  #error = null
  #busy = false
  #connected = false
  /** @type {(() => void) | null} */
  #stopLanguage = null

  connectedCallback() {
    this.#connected = true
    document.body.dataset.page = 'stage'
    if (!this.token) {
      render(this, html`<section class="card notice"><p>${t('stage.signInFirst')} <a href="/">${t('stage.home')}</a>.</p></section>`)
      return
    }
    render(
      this,
      html`<div class="stage-frame">
        <header class="stage-bar">
          <p class="stage-group"></p>
          <p class="stage-position"></p>
          <atelier-connection-status></atelier-connection-status>
        </header>
        <section class="stage-slide" aria-live="polite"></section>
        <atelier-pitch-timer class="stage-timer"></atelier-pitch-timer>
        <footer class="stage-controls"></footer>
      </div>`,
    )
    const status = this.#part('connection-status')
    status.labels = liveLabels()
    status.info = { state: 'connecting', lastClose: null }
    this.addEventListener('click', this.#onClick)
    this.addEventListener('submit', this.#onSubmit)
    window.addEventListener('keydown', this.#onKey)
    this.#stopLanguage = onLanguageChange(() => this.#renderAll())
    this.#load()
  }

  disconnectedCallback() {
    this.#connected = false
    delete document.body.dataset.page
    this.removeEventListener('click', this.#onClick)
    this.removeEventListener('submit', this.#onSubmit)
    window.removeEventListener('keydown', this.#onKey)
    this.#stopLanguage?.()
    this.#live?.stop()
    this.#deck?.stop()
    this.#live = null
    this.#deck = null
  }

  async #load() {
    const token = /** @type {string} */ (this.token)
    try {
      const [me, session, pitch] = await Promise.all([
        api('/me', { token }),
        api(`/sessions/${seg(this.sessionId)}`, { token }),
        api(pitchPath(this.sessionId, this.groupId), { token }),
        loadKinds(),
      ])
      if (!this.#connected) return
      this.#me = me
      this.#session = session
      setTimeZone(session?.timeZone)
      this.#pitch = pitch
    } catch (error) {
      if (!this.#connected) return
      this.#error = errorText(error)
      this.#renderAll()
      return
    }
    const group = this.#group()
    const deck = group?.boards?.find((/** @type {{ kind: string }} */ b) => kindOf(b.kind).surface === 'deck')
    if (deck) {
      this.#deck = new DeckReader({ boardId: deck.id, token })
      this.#deck.addEventListener('change', () => this.#renderSlide())
      this.#deck.start()
    }
    const live = new LiveChannel({ sessionId: this.sessionId, token })
    live.addEventListener('message', this.#onLiveMessage)
    live.addEventListener('state', this.#onLiveState)
    this.#live = live
    this.#part('pitch-timer').clock = live.clock
    live.start()
    this.#renderAll()
  }

  /** @returns {any} the group of this stage in the session state */
  #group() {
    return this.#session?.groups?.find((/** @type {{ id: string }} */ g) => g.id === this.groupId) ?? null
  }

  /** @returns {boolean} */
  #canPresent() {
    const me = this.#me
    return me?.role === 'facilitator' || (me?.role === 'participant' && me.group?.id === this.groupId)
  }

  /** @returns {boolean} */
  #isTimekeeper() {
    return this.#me?.role === 'facilitator' || this.#me?.role === 'juror'
  }

  /**
   * @param {string} name the element name without `atelier-`
   * @returns {any}
   */
  #part(name) {
    return this.querySelector(`atelier-${name}`) ?? {}
  }

  #renderAll() {
    if (!this.querySelector('.stage-frame')) return
    this.#part('connection-status').labels = liveLabels()
    const group = this.#group()
    const name = group?.name ?? this.groupId
    document.title = `${t('stage.title', { group: name })} · Atelier`
    const heading = this.querySelector('.stage-group')
    if (heading) render(heading, html`<strong>${name}</strong>${this.#session ? html` · <span>${this.#session.title}</span>` : ''}`)
    this.#renderSlide()
    this.#renderTimer()
    this.#renderControls()
  }

  /** @returns {number} the slide shown: the pitch's current slide, else the first */
  #slideIndex() {
    const current = this.#pitch?.currentSlide
    return typeof current === 'number' ? current : 0
  }

  #renderSlide() {
    const area = this.querySelector('.stage-slide')
    if (!area) return
    const pitch = this.#pitch
    const slides = this.#deck?.slides ?? []
    const count = pitch?.slideCount ?? slides.length
    const index = this.#slideIndex()
    this.dataset.state = pitch?.state ?? 'loading'
    this.dataset.slide = String(index)
    this.dataset.slides = String(count)
    this.dataset.canPresent = String(this.#canPresent())
    const position = this.querySelector('.stage-position')
    if (position) render(position, count ? html`${t('stage.slideOf', { n: index + 1, count })}` : html``)
    if (this.#error) {
      render(area, html`<div class="stage-message" role="alert"><p>${t('common.error', { message: this.#error })}</p></div>`)
      return
    }
    if (!pitch) {
      render(area, html`<div class="stage-message"><p class="loading">${t('common.loading')}</p></div>`)
      return
    }
    if (pitch.state === 'stopped') {
      const qa = pitch.qa?.state === 'running'
      render(
        area,
        html`<div class="stage-message">
          <p class="stage-kicker">${this.#group()?.name ?? this.groupId}</p>
          <h1>${qa ? t('stage.qaTitle') : t('stage.thanks')}</h1>
          ${qa ? html`<p>${t('stage.qaHelp')}</p>` : ''}
        </div>`,
      )
      return
    }
    const slide = slides[index]
    if (!slide) {
      render(
        area,
        html`<div class="stage-message">
          <p class="stage-kicker">${this.#group()?.name ?? this.groupId}</p>
          <h1>${pitch.state === 'running' ? t('stage.slideNumber', { n: index + 1 }) : t('stage.waiting')}</h1>
          ${this.#deck && !this.#deck.synced ? html`<p class="loading">${t('common.loading')}</p>` : ''}
        </div>`,
      )
      return
    }
    render(
      area,
      html`<article class="slide ${slide.asset ? 'with-image' : ''}" data-index="${index}">
        <h1 class="slide-title">${slide.title || t('stage.untitled')}</h1>
        ${slide.body ? html`<div class="slide-body">${slide.body}</div>` : ''}
        ${slide.asset ? html`<img class="slide-image" alt="" src="${`/assets/${slide.asset}`}" />` : ''}
        ${pitch.state === 'not-started' ? html`<p class="stage-waiting-line">${t('stage.waiting')}</p>` : ''}
      </article>`,
    )
  }

  #renderTimer() {
    const pitch = this.#pitch
    const timer = this.#part('pitch-timer')
    if (!pitch) return
    const qa = pitch.state === 'stopped' && pitch.qa && pitch.qa.state !== 'not-started'
    timer.thresholds = qa ? qaThresholds(pitch.qa.limitMs) : pitchThresholds(this.#session, pitch.limitMs)
    timer.warnings = this.#warnings.get(qa ? 'qa' : 'pitch')?.size ?? 0
    timer.label = qa ? t('stage.qaTimer') : t('stage.pitchTimer')
    timer.timer = qa ? pitch.qa : pitch
  }

  #renderControls() {
    const bar = this.querySelector('.stage-controls')
    if (!bar) return
    const pitch = this.#pitch
    const keeper = this.#isTimekeeper()
    const busy = this.#busy
    render(
      bar,
      html`${this.#flashed ? html`<p class="stage-error" role="alert">${this.#flashed}</p>` : ''}${this.#canPresent() && pitch?.state === 'running'
          ? html`<p class="stage-hint">${t('stage.keysHint')}</p>
              <div class="stage-nav">
                <button type="button" class="secondary" data-action="previous" aria-label="${t('stage.previous')}">←</button>
                <button type="button" class="secondary" data-action="next" aria-label="${t('stage.next')}">→</button>
              </div>`
          : html`<p class="stage-hint">${t('stage.fullScreenHint')}</p>`}
        ${keeper && pitch
          ? html`<div class="stage-actions">
              ${pitch.state === 'not-started' ? html`<button type="button" data-action="pitch/start" ${busy ? html`disabled` : ''}>${t('pitch.start')}</button>` : ''}
              ${pitch.state === 'not-started' && this.#overrideOffered
                ? html`<form class="stage-override" data-form="override">
                    <label>${t('stage.overrideReason')} <input name="reason" required maxlength="500" /></label>
                    <button type="submit" class="secondary" ${busy ? html`disabled` : ''}>${t('stage.startOverride')}</button>
                  </form>`
                : ''}
              ${pitch.state === 'running' ? html`<button type="button" class="critical" data-action="pitch/stop">${t('pitch.stop')}</button>` : ''}
              ${pitch.state === 'stopped' && pitch.qa?.state === 'not-started' ? html`<button type="button" data-action="qa/start">${t('pitch.startQA')}</button>` : ''}
              ${pitch.qa?.state === 'running' ? html`<button type="button" class="critical" data-action="qa/stop">${t('pitch.stopQA')}</button>` : ''}
            </div>`
          : ''}`,
    )
  }

  /**
   * @param {string} action `pitch/start`, `pitch/stop`, `qa/start`, `qa/stop`
   * @param {{ override: true, reason: string }} [body] a facilitator's override (a pitch outside the pitch phase)
   */
  async #command(action, body) {
    if (this.#busy || !this.token) return
    this.#busy = true
    try {
      const view = await api(pitchPath(this.sessionId, this.groupId, `/${action}`), { token: this.token, method: 'POST', body })
      if (view && typeof view === 'object' && view.group === this.groupId) this.#setPitch(view)
      this.#error = null
      this.#overrideOffered = false
    } catch (error) {
      this.#flash(errorText(error))
      // Outside the pitch phase the facilitator may still start it, with a reason (audited).
      if (/** @type {any} */ (error)?.code === 'not-pitch-phase' && this.#me?.role === 'facilitator') this.#overrideOffered = true
    } finally {
      this.#busy = false
      this.#renderControls()
    }
  }

  /** @param {SubmitEvent} event */
  #onSubmit = (event) => {
    const form = event.target instanceof HTMLFormElement && event.target.dataset.form === 'override' ? event.target : null
    if (!form) return
    event.preventDefault()
    const reason = String(new FormData(form).get('reason') ?? '').trim()
    if (reason) void this.#command('pitch/start', { override: true, reason })
  }

  /** @param {number} delta +1 or −1 */
  async #move(delta) {
    const pitch = this.#pitch
    if (!pitch || pitch.state !== 'running' || !this.#canPresent() || !this.token) return
    const count = pitch.slideCount ?? 0
    const next = this.#slideIndex() + delta
    if (next < 0 || next >= count) return
    // Show it at once; the server's answer (and the live event) confirm it, or put it back.
    // While moves are under way, answers and events about earlier moves do not move it back.
    if (this.#movingTo === null) this.#beforeMoves = pitch
    this.#movingTo = next
    this.#setPitch({ ...pitch, currentSlide: next })
    if (!this.#sending) await this.#sendMoves()
  }

  /**
   * Tells the server the slide shown, one request at a time and always the latest slide:
   * requests sent together (→ → ← → in quick succession) may reach the server out of order
   * and leave it, and the audience, on another slide than the presenter's.
   */
  async #sendMoves() {
    this.#sending = true
    this.dataset.moving = 'true'
    try {
      while (this.#movingTo !== null) {
        const target = this.#movingTo
        try {
          const view = await api(pitchPath(this.sessionId, this.groupId, '/pitch/slide'), {
            token: this.token,
            method: 'POST',
            body: { slide: target },
          })
          if (this.#movingTo !== target) continue
          this.#movingTo = null
          if (view && typeof view === 'object' && view.group === this.groupId) this.#setPitch(view)
        } catch (error) {
          if (this.#movingTo !== target) continue
          this.#movingTo = null
          if (this.#pitch?.currentSlide === target) this.#setPitch(this.#beforeMoves)
          this.#flash(errorText(error))
        }
      }
    } finally {
      this.#sending = false
      this.dataset.moving = 'false'
    }
  }

  /** @param {string} message shown a few seconds in the bottom bar */
  #flash(message) {
    // Kept in state: the controls re-render after a command, and must keep showing it.
    this.#flashed = message
    this.#renderControls()
    if (this.#flashTimer !== null) clearTimeout(this.#flashTimer)
    this.#flashTimer = setTimeout(() => {
      this.#flashed = ''
      this.#flashTimer = null
      this.#renderControls()
    }, 8000)
  }

  /** @param {import('../lib/pitch.js').PitchView} pitch */
  #setPitch(pitch) {
    const previous = this.#pitch
    if (previous && pitch.state === 'running' && previous.state !== 'running') this.#warnings.delete('pitch')
    if (previous && pitch.qa?.state === 'running' && previous.qa?.state !== 'running') this.#warnings.delete('qa')
    this.#pitch = pitch
    this.#renderSlide()
    this.#renderTimer()
    this.#renderControls()
  }

  /** @param {Event} event */
  #onLiveMessage = async (event) => {
    const message = /** @type {CustomEvent<any>} */ (event).detail
    switch (message.type) {
      case 'hello':
        // (Re)connected: the snapshot has no pitch, so read it again.
        if (message.session) this.#session = message.session
        try {
          const pitch = await api(pitchPath(this.sessionId, this.groupId), { token: this.token })
          if (this.#connected) this.#setPitch(pitch)
        } catch {
          // keep what is shown; the next event corrects it
        }
        break
      case 'pitch':
        if (message.group === this.groupId && message.pitch) {
          const moving = this.#movingTo
          this.#setPitch(moving === null ? message.pitch : { ...message.pitch, currentSlide: moving })
        }
        break
      case 'timer':
        if (message.group === this.groupId && (message.scope === 'pitch' || message.scope === 'qa') && message.kind === 'warning') {
          const seen = this.#warnings.get(message.scope) ?? new Set()
          seen.add(Number.isFinite(message.secondsLeft) ? message.secondsLeft : Math.round(Number(message.remainingMs) / 1000))
          this.#warnings.set(message.scope, seen)
          this.#renderTimer()
        }
        break
    }
  }

  /** @param {Event} event */
  #onLiveState = (event) => {
    const info = /** @type {CustomEvent<import('../lib/live.js').LiveInfo>} */ (event).detail
    this.dataset.live = info.state
    this.#part('connection-status').info = info
  }

  /** @param {KeyboardEvent} event */
  #onKey = (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return
    const target = event.target instanceof HTMLElement ? event.target : null
    if (target?.closest('input, textarea, select, [contenteditable="true"]')) return
    if (NEXT_KEYS.has(event.key)) {
      if (target?.closest('button') && event.key === ' ') return
      event.preventDefault()
      this.#move(1)
    } else if (PREVIOUS_KEYS.has(event.key)) {
      event.preventDefault()
      this.#move(-1)
    } else if (event.key === 'f' || event.key === 'F') {
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {})
      else this.requestFullscreen?.().catch(() => {})
    }
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('button[data-action]') : null
    if (!(button instanceof HTMLButtonElement)) return
    const action = button.dataset.action ?? ''
    if (action === 'next') this.#move(1)
    else if (action === 'previous') this.#move(-1)
    else this.#command(action)
  }
}

customElements.define('atelier-stage', AtelierStage)
