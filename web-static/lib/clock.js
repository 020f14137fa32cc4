/**
 * The server's clock as seen from this browser: an offset estimated from ping/pong.
 *
 * The client sends `{"type":"ping","t":<client epoch ms>}` on the live channel; the server
 * answers `{"type":"pong","t":<the same t>,"at":<server epoch ms>}`. With `r` the client
 * time the pong arrived, one sample estimates the offset (server − client) as
 * `at − (t + r) / 2`, assuming the server stamped `at` half-way through the round trip
 * `r − t`. Whatever the true split between the way out and the way back, the estimate is off
 * by at most half the round trip, so the sample with the smallest round trip among the
 * last few is the one to trust. For example:
 *
 * ```js
 * const clock = new ServerClock()
 * socket.send(JSON.stringify(clock.ping()))
 * // … on {"type":"pong", t, at}:
 * clock.pong(message)
 * const remaining = clock.remaining(deadline) // deadline − (Date.now() + offset)
 * ```
 *
 * Pure functions plus one small class whose time source is injected, so tests run on a
 * mock clock (see Tests/Browser/clock_test.mjs).
 */

/**
 * @typedef {object} Sample
 * @property {number} t the client's send time (epoch ms), echoed by the server
 * @property {number} at the server's time when it answered (epoch ms)
 * @property {number} receivedAt the client's time when the pong arrived (epoch ms)
 */

/**
 * The offset (server − client, ms) one sample suggests.
 * @param {Sample} sample
 * @returns {number}
 */
export function sampleOffset({ t, at, receivedAt }) {
  return at - (t + receivedAt) / 2
}

/**
 * The round trip of one sample, ms.
 * @param {Sample} sample
 * @returns {number}
 */
export function sampleRoundTrip({ t, receivedAt }) {
  return receivedAt - t
}

/**
 * The sample to trust: the smallest round trip (the first of equals), or null if none.
 * @param {readonly Sample[]} samples
 * @returns {Sample | null}
 */
export function bestSample(samples) {
  let best = null
  for (const sample of samples) {
    if (best === null || sampleRoundTrip(sample) < sampleRoundTrip(best)) best = sample
  }
  return best
}

/**
 * Whether a pong's fields make a usable sample (finite numbers, no negative round trip).
 * @param {Sample} sample
 * @returns {boolean}
 */
export function isUsableSample(sample) {
  return (
    Number.isFinite(sample.t) &&
    Number.isFinite(sample.at) &&
    Number.isFinite(sample.receivedAt) &&
    sampleRoundTrip(sample) >= 0
  )
}

/** Tracks the offset to the server clock from the last `window` ping/pong samples. */
export class ServerClock {
  /** @type {() => number} */
  #now
  /** @type {number} */
  #window
  /** @type {Sample[]} */
  #samples = []

  /**
   * @param {{ now?: () => number, window?: number }} options
   *   `now`: the client clock (default `Date.now`); `window`: how many recent samples to keep
   *   (default 8).
   */
  constructor({ now = () => Date.now(), window = 8 } = {}) {
    this.#now = now
    this.#window = Math.max(1, Math.floor(window))
  }

  /** @returns {{ type: 'ping', t: number }} the message to send now */
  ping() {
    return { type: 'ping', t: this.#now() }
  }

  /**
   * Records a pong received now; ignores one whose fields are unusable.
   * @param {{ t: unknown, at: unknown }} pong
   * @returns {boolean} whether the sample was kept
   */
  pong({ t, at }) {
    const sample = { t: Number(t), at: Number(at), receivedAt: this.#now() }
    if (typeof t !== 'number' || typeof at !== 'number' || !isUsableSample(sample)) return false
    this.#samples.push(sample)
    if (this.#samples.length > this.#window) this.#samples.splice(0, this.#samples.length - this.#window)
    return true
  }

  /** Forgets every sample (e.g. after the device clock jumped). */
  reset() {
    this.#samples = []
  }

  /** @returns {boolean} whether at least one sample has been recorded */
  get measured() {
    return this.#samples.length > 0
  }

  /** @returns {number} the estimated offset (server − client, ms); 0 before any sample */
  get offset() {
    const best = bestSample(this.#samples)
    return best ? sampleOffset(best) : 0
  }

  /** @returns {number | null} the round trip of the trusted sample, ms */
  get roundTrip() {
    const best = bestSample(this.#samples)
    return best ? sampleRoundTrip(best) : null
  }

  /** @returns {number} the estimated server time now (epoch ms) */
  serverNow() {
    return this.#now() + this.offset
  }

  /**
   * Time left until a server deadline, ms (negative once it has passed).
   * @param {number} deadline server epoch ms
   * @returns {number}
   */
  remaining(deadline) {
    return deadline - this.serverNow()
  }
}
