/** The problem statement and its "how might we" questions. */
import { defineKind, zone } from './kind.js'

export default defineKind({
  id: 'hmw',
  label: { fr: 'Comment pourrions-nous', en: 'How might we' },
  emptyHint: {
    fr: 'Écrivez l’énoncé du problème en haut, puis une question « Comment pourrions-nous… ? » par post-it (N).',
    en: 'Write the problem statement at the top, then one “How might we…?” question per note (N).',
  },
  zones: [
    zone('problem', 'Énoncé du problème', 'Problem statement', [0, 0, 1600, 300], '#eef2ff', ['[Utilisateur] a besoin de [besoin] parce que [découverte]', '[User] needs [need] because [insight]']),
    zone('questions', 'Comment pourrions-nous… ?', 'How might we…?', [0, 300, 1600, 640], '#fefce8'),
  ],
  defaultPhases: ['define'],
})
