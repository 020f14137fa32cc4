import * as Y from 'yjs'
import { html, render } from '../lib/html.js'
import { t } from '../lib/i18n.js'
import { LOCAL_ORIGIN, slideValues } from '../board/board-model.js'
import { bindText } from '../board/text-binding.js'

/**
 * The pitch deck editor: the slide list (at most `slideLimit`; the Add button stops
 * there) and the current slide's title, body, image and speaker notes, each field bound
 * to its Y.Text.
 *
 * Data down: `model` (board/board-model.js), `readOnly`, `slideLimit`. Events up:
 * `atelier-slide-image` (`detail.index`) when the person asks to pick an image for a
 * slide (the page uploads it and calls `model.setSlideAsset`). Mirrors `data-slides` and
 * `data-current` for tests.
 */
export class AtelierBoardDeck extends HTMLElement {
  /** @type {import('../board/board-model.js').BoardModel | null} */
  #model = null
  #readOnly = false
  #slideLimit = 10
  #current = 0
  /** @type {(() => void)[]} */
  #unbind = []
  #scheduled = false

  /** @param {import('../board/board-model.js').BoardModel | null} model */
  set model(model) {
    this.#model?.slidesArray.unobserveDeep(this.#onChange)
    this.#model = model
    this.#current = 0
    model?.slidesArray.observeDeep(this.#onChange)
    this.#render()
  }

  /** @param {boolean} value */
  set readOnly(value) {
    this.#readOnly = value
    this.#render()
  }

  /** @param {number} value */
  set slideLimit(value) {
    this.#slideLimit = value
    this.#render()
  }

  get slideLimit() {
    return this.#slideLimit
  }

  get model() {
    return this.#model
  }

  /** @returns {{ id: string, text: string } | null} the slide field being typed in, and its text */
  editingText() {
    const field = document.activeElement
    if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement) || !this.contains(field)) return null
    return { id: `slide-${this.#current}-${field.name}`, text: field.value }
  }

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.#model?.slidesArray.unobserveDeep(this.#onChange)
    this.#unbindAll()
  }

  /**
   * @param {Y.YEvent<any>[]} events
   */
  #onChange = (events) => {
    // Text typed in a bound field needs no re-render; structure changes do.
    const structural = events.some((e) => e.target === this.#model?.slidesArray || !(e.target instanceof Y.Text))
    if (!structural) {
      this.#renderList()
      return
    }
    if (this.#scheduled) return
    this.#scheduled = true
    requestAnimationFrame(() => {
      this.#scheduled = false
      this.#render()
    })
  }

  #unbindAll() {
    for (const fn of this.#unbind) fn()
    this.#unbind = []
  }

  #render() {
    if (!this.isConnected) return
    this.#unbindAll()
    const slides = this.#model?.slidesArray
    const count = slides?.length ?? 0
    if (this.#current >= count) this.#current = Math.max(0, count - 1)
    const full = count >= this.#slideLimit
    this.dataset.slides = String(count)
    this.dataset.current = String(this.#current)
    const slide = slides && count ? slides.get(this.#current) : null
    const values = slideValues(slide)
    render(
      this,
      html`<aside class="deck-list">
          <ol></ol>
          <button type="button" data-action="add-slide" ${this.#readOnly || full ? html`disabled` : ''}>${t('editor.addSlide')}</button>
          <p class="deck-count" data-full="${String(full)}">${t('editor.slideCount', { count, limit: this.#slideLimit })}${full ? html`<br />${t('editor.slideLimitReached')}` : ''}</p>
        </aside>
        <section class="deck-slide">
          ${slide
            ? html`<div class="deck-paper">
                  <input class="deck-title" name="title" aria-label="${t('editor.slideTitle')}" placeholder="${t('editor.slideTitle')}" ${this.#readOnly ? html`readonly` : ''} />
                  <div class="deck-content">
                    <textarea class="deck-body" name="body" aria-label="${t('editor.slideBody')}" placeholder="${t('editor.slideBody')}" ${this.#readOnly ? html`readonly` : ''}></textarea>
                    ${values.asset ? html`<img class="deck-image" alt="" src="${`/assets/${values.asset}`}" />` : ''}
                  </div>
                </div>
                <div class="deck-tools">
                  <button type="button" class="secondary" data-action="slide-image" ${this.#readOnly ? html`disabled` : ''}>${t('editor.slideImage')}</button>
                  <button type="button" class="secondary" data-action="slide-up" ${this.#readOnly || this.#current === 0 ? html`disabled` : ''}>${t('editor.slideUp')}</button>
                  <button type="button" class="secondary" data-action="slide-down" ${this.#readOnly || this.#current >= count - 1 ? html`disabled` : ''}>${t('editor.slideDown')}</button>
                  <button type="button" class="secondary" data-action="slide-delete" ${this.#readOnly ? html`disabled` : ''}>${t('editor.slideDelete')}</button>
                </div>
                <label class="deck-notes-label">${t('editor.slideNotes')}<textarea class="deck-notes" name="notes" ${this.#readOnly ? html`readonly` : ''}></textarea></label>`
            : html`<p class="empty">${t(this.#readOnly ? 'editor.noSlidesReadOnly' : 'editor.noSlides')}</p>`}
        </section>`,
    )
    this.#renderList()
    if (slide instanceof Y.Map && this.#model) {
      for (const key of ['title', 'body', 'notes']) {
        const field = /** @type {HTMLInputElement | null} */ (this.querySelector(`[name="${key}"]`))
        let ytext = slide.get(key)
        if (!field) continue
        if (!(ytext instanceof Y.Text)) {
          field.value = typeof ytext === 'string' ? ytext : ''
          if (this.#readOnly) continue
          const fresh = new Y.Text()
          fresh.insert(0, field.value)
          this.#model.transact(() => slide.set(key, fresh))
          ytext = fresh
        }
        this.#unbind.push(bindText(field, ytext, LOCAL_ORIGIN))
      }
    }
  }

  #renderList() {
    const list = this.querySelector('.deck-list ol')
    const slides = this.#model?.slidesArray
    if (!list || !slides) return
    render(
      list,
      html`${slides.toArray().map((s, i) => {
        const v = slideValues(s)
        return html`<li><button type="button" class="${i === this.#current ? 'current' : ''}" data-action="go" data-index="${i}" aria-current="${i === this.#current ? 'true' : 'false'}"><span>${i + 1}</span> ${v.title || t('editor.untitled')}</button></li>`
      })}`,
    )
  }

  /** @param {MouseEvent} event */
  #onClick = (event) => {
    const button = /** @type {HTMLElement | null} */ ((/** @type {Element} */ (event.target)).closest('[data-action]'))
    const model = this.#model
    if (!button || !model) return
    const action = button.dataset.action
    if (action === 'go') {
      this.#current = Number(button.dataset.index)
      this.#render()
      return
    }
    if (this.#readOnly) return
    if (action === 'add-slide') {
      if (model.addSlide(this.#slideLimit)) this.#current = model.slidesArray.length - 1
      this.#render()
    } else if (action === 'slide-delete') {
      model.removeSlide(this.#current)
    } else if (action === 'slide-up' || action === 'slide-down') {
      const to = this.#current + (action === 'slide-up' ? -1 : 1)
      model.moveSlide(this.#current, to)
      this.#current = to
      this.#render()
    } else if (action === 'slide-image') {
      this.dispatchEvent(new CustomEvent('atelier-slide-image', { bubbles: true, detail: { index: this.#current } }))
    }
  }
}

customElements.define('atelier-board-deck', AtelierBoardDeck)
