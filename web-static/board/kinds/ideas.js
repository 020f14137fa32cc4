/** Brainstorm notes with dot voting. */
import { defineKind } from './kind.js'

export default defineKind({
  id: 'ideas',
  label: { fr: 'Idées', en: 'Ideas' },
  emptyHint: {
    fr: 'Une idée par post-it (N), sans juger. Votez ensuite pour vos préférées avec vos gommettes (V).',
    en: 'One idea per note (N), no judging. Then vote for your favourites with your dots (V).',
  },
  tools: ['note', 'text', 'image'],
  votes: true,
  defaultPhases: ['ideate', 'synthesize'],
})
