/** The pitch deck: slides, at most the session's slide limit. */
import { defineKind } from './kind.js'

export default defineKind({
  id: 'deck',
  label: { fr: 'Support de pitch', en: 'Pitch deck' },
  emptyHint: {
    fr: 'Ajoutez la première diapositive : un titre, ce qu’elle dit, une image.',
    en: 'Add the first slide: a title, what it says, an image.',
  },
  surface: 'deck',
  tools: [],
  defaultPhases: ['prototype', 'test'],
})
