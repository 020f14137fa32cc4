/** The mood board: images with captions, colours and words. */
import { defineKind } from './kind.js'

export default defineKind({
  id: 'mood-board',
  label: { fr: 'Planche d’inspiration', en: 'Mood board' },
  emptyHint: {
    fr: 'Déposez des images (I ou glisser-déposer), ajoutez des mots (T) et des couleurs.',
    en: 'Drop images (I or drag and drop), add words (T) and colours.',
  },
  tools: ['note', 'text', 'image', 'shape'],
  defaultPhases: ['ideate', 'synthesize'],
})
