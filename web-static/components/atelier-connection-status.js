import { html, render } from '../lib/html.js'

/**
 * @typedef {'connecting' | 'syncing' | 'online' | 'reconnecting' | 'offline' | 'stopped'} ConnectionState
 *
 * @typedef {object} ConnectionInfo
 * @property {ConnectionState} state
 * @property {{ code: number, reason: string } | null} lastClose
 *   the last close the server initiated with a code worth telling (not 1000/1005/1006)
 */

/**
 * @typedef {Record<ConnectionState, string> & { closed: string, noReason: string, retry: string }} ConnectionLabels
 */

/** @type {ConnectionLabels} */
const LABELS = {
  connecting: 'Connecting…',
  syncing: 'Online — syncing…',
  online: 'Online',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
  stopped: 'Not connected',
  closed: 'Server closed the connection:',
  noReason: '(no reason given)',
  retry: 'Retry',
}

/**
 * Shows a board connection's state in plain words, and why the server closed it.
 *
 * Data down: `info` ({@link ConnectionInfo}), optionally `labels` (some of
 * {@link ConnectionLabels}, to name the states otherwise, e.g. in another language;
 * English by default). Events up: `atelier-retry` when the person asks to connect again
 * after the connection was stopped.
 */
export class AtelierConnectionStatus extends HTMLElement {
  /** @type {ConnectionInfo} */
  #info = { state: 'connecting', lastClose: null }
  /** @type {ConnectionLabels} */
  #labels = LABELS

  /** @param {ConnectionInfo} info */
  set info(info) {
    this.#info = info
    this.#render()
  }

  /** @returns {ConnectionInfo} */
  get info() {
    return this.#info
  }

  /** @param {Partial<ConnectionLabels>} labels */
  set labels(labels) {
    this.#labels = { ...LABELS, ...labels }
    if (this.isConnected) this.#render()
  }

  connectedCallback() {
    this.addEventListener('click', this.#onClick)
    this.#render()
  }

  disconnectedCallback() {
    this.removeEventListener('click', this.#onClick)
  }

  /** @param {Event} event */
  #onClick = (event) => {
    if (event.target instanceof Element && event.target.closest('[data-action="retry"]')) {
      this.dispatchEvent(new CustomEvent('atelier-retry', { bubbles: true, composed: true }))
    }
  }

  #render() {
    const { state, lastClose } = this.#info
    const labels = this.#labels
    this.dataset.state = state
    render(
      this,
      html`<span class="status-pill" role="status" aria-live="polite">
          <span class="status-dot" aria-hidden="true"></span>${labels[state]}
        </span>
        ${lastClose
          ? html`<span class="status-close"
              >${labels.closed} <code>${lastClose.code}</code> ${lastClose.reason || labels.noReason}</span
            >`
          : ''}
        ${state === 'stopped'
          ? html`<button type="button" class="secondary" data-action="retry">${labels.retry}</button>`
          : ''}`,
    )
  }
}

customElements.define('atelier-connection-status', AtelierConnectionStatus)
