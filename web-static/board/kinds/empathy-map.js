/** The empathy map: Dave Gray's canvas, or the classic says / thinks / does / feels. */
import { defineKind, zone } from './kind.js'

export default defineKind({
  id: 'empathy-map',
  label: { fr: 'Carte d’empathie', en: 'Empathy map' },
  emptyHint: {
    fr: 'Ajoutez un post-it (N) dans la zone qui convient : ce que la personne voit, dit, fait, entend, ses peurs et ses envies.',
    en: 'Add a note (N) in the zone it belongs to: what the person sees, says, does, hears, their pains and gains.',
  },
  defaultVariantLabel: { fr: 'Carte d’empathie (canevas)', en: 'Empathy map canvas' },
  zones: [
    zone('who', 'Pour qui ?', 'Who are we empathizing with?', [0, 0, 800, 260], '#eef2ff', ['Persona, situation, rôle', 'Persona, situation, role']),
    zone('goal', 'Que doit-il faire ?', 'What do they need to do?', [800, 0, 800, 260], '#fdf2f8', ['Objectif, décision, succès', 'Goal, decision, success']),
    zone('see', 'Que voit-il ?', 'What do they see?', [0, 260, 400, 380], '#f0fdf4'),
    zone('say', 'Que dit-il ?', 'What do they say?', [400, 260, 400, 380], '#fefce8'),
    zone('do', 'Que fait-il ?', 'What do they do?', [800, 260, 400, 380], '#fff7ed'),
    zone('hear', 'Qu’entend-il ?', 'What do they hear?', [1200, 260, 400, 380], '#ecfeff'),
    zone('pains', 'Pense et ressent : douleurs', 'Think & feel: pains', [0, 640, 800, 300], '#fef2f2', ['Peurs, frustrations, obstacles', 'Fears, frustrations, obstacles']),
    zone('gains', 'Pense et ressent : gains', 'Think & feel: gains', [800, 640, 800, 300], '#f0fdf4', ['Envies, besoins, mesures du succès', 'Wants, needs, measures of success']),
  ],
  variants: [
    {
      id: 'classic',
      label: { fr: 'Dit / pense / fait / ressent', en: 'Says / thinks / does / feels' },
      zones: [
        zone('says', 'Dit', 'Says', [0, 0, 800, 470], '#fefce8'),
        zone('thinks', 'Pense', 'Thinks', [800, 0, 800, 470], '#eef2ff'),
        zone('does', 'Fait', 'Does', [0, 470, 800, 470], '#fff7ed'),
        zone('feels', 'Ressent', 'Feels', [800, 470, 800, 470], '#fdf2f8'),
      ],
    },
  ],
  defaultPhases: ['empathize', 'define'],
})
