/**
 * Images on a board: checks a file the way the server will (type, size), uploads it to the
 * board's assets (`POST /api/v1/boards/{id}/assets`, the raw image with its type) and gives
 * its hash. A refusal comes back as an `APIError` (its code says why: `quota-exceeded`,
 * `not_an_image`, `too_large`…). For example:
 *
 * ```js
 * const hash = await uploadImage(file, { boardId, token })   // throws APIError or LocalRefusal
 * ```
 */
import { APIError, seg } from '../lib/api.js'

/** Image types the server accepts (it checks the bytes again). */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif']
/** The server's default limit. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024

/** A file refused before it is sent: `type` (not a PNG, JPEG, WebP or GIF) or `size`. */
export class LocalRefusal extends Error {
  /** @param {'type' | 'size'} reason */
  constructor(reason) {
    super(reason)
    this.reason = reason
  }
}

/**
 * @param {File | Blob} file
 * @param {{ boardId: string, token: string | null }} options
 * @returns {Promise<string>} the image's hash
 */
export async function uploadImage(file, { boardId, token }) {
  if (!IMAGE_TYPES.includes(file.type)) throw new LocalRefusal('type')
  if (file.size > MAX_IMAGE_BYTES) throw new LocalRefusal('size')
  let response
  try {
    response = await fetch(`/api/v1/boards/${seg(boardId)}/assets`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': file.type },
      body: file,
    })
  } catch {
    throw new APIError(0, 'network', 'network')
  }
  const data = await response.json().catch(() => null)
  if (!response.ok || typeof data?.hash !== 'string') {
    throw new APIError(response.status, data?.error?.code ?? `http_${response.status}`, data?.error?.message ?? `${response.status}`)
  }
  return data.hash
}
