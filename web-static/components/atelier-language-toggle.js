import { html, render } from '../lib/html.js'
import { LANGUAGES, currentLanguage, onLanguageChange, setLanguage, t } from '../lib/i18n.js'

/**
 * The FR / EN switch in the top bar. Sets the language of every page (see lib/i18n.js);
 * it has no data of its own.
 */
export class AtelierLanguageToggle extends HTMLElement {
  /** @type {(() => void) | null} */
  #stopLanguage = null

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.#stopLanguage = onLanguageChange(() => this.#render())
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
    this.#stopLanguage?.()
  }

  /** @param {Event} event */
  #onClick = (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-language]') : null
    if (button instanceof HTMLElement) setLanguage(/** @type {'fr' | 'en'} */ (button.dataset.language))
  }

  #render() {
    const current = currentLanguage()
    render(
      this,
      html`<span class="visually-hidden">${t('language.label')}</span>
        ${LANGUAGES.map(
          (language) =>
            html`<button type="button" class="lang" data-language="${language}" lang="${language}"
              aria-pressed="${language === current ? 'true' : 'false'}" title="${t(`language.${language}`)}">${language.toUpperCase()}</button>`,
        )}`,
    )
  }
}

customElements.define('atelier-language-toggle', AtelierLanguageToggle)
