/** The feedback capture grid. */
import { defineKind, zone } from './kind.js'

export default defineKind({
  id: 'test-grid',
  label: { fr: 'Grille de test', en: 'Test grid' },
  emptyHint: {
    fr: 'Pendant le test, notez un retour par post-it (N) dans la case qui convient.',
    en: 'During the test, log one piece of feedback per note (N) in the right box.',
  },
  zones: [
    zone('liked', 'Ce qui a plu (+)', 'Liked (+)', [0, 0, 800, 470], '#f0fdf4'),
    zone('criticism', 'Critiques constructives (Δ)', 'Constructive criticism (Δ)', [800, 0, 800, 470], '#fef2f2'),
    zone('questions', 'Questions (?)', 'Questions (?)', [0, 470, 800, 470], '#eff6ff'),
    zone('ideas', 'Idées (!)', 'Ideas (!)', [800, 470, 800, 470], '#fefce8'),
  ],
  defaultPhases: ['test'],
})
