/** Osterwalder's business model canvas. */
import { defineKind, zone } from './kind.js'

export default defineKind({
  id: 'business-model-canvas',
  label: { fr: 'Business Model Canvas', en: 'Business model canvas' },
  emptyHint: {
    fr: 'Commencez par les segments de clientèle et la proposition de valeur, un post-it (N) par élément.',
    en: 'Start with the customer segments and the value proposition, one note (N) per element.',
  },
  zones: [
    zone('partners', 'Partenaires clés', 'Key partners', [0, 0, 320, 640], '#f5f3ff'),
    zone('activities', 'Activités clés', 'Key activities', [320, 0, 320, 320], '#eff6ff'),
    zone('resources', 'Ressources clés', 'Key resources', [320, 320, 320, 320], '#ecfeff'),
    zone('value', 'Propositions de valeur', 'Value propositions', [640, 0, 320, 640], '#fefce8'),
    zone('relationships', 'Relations clients', 'Customer relationships', [960, 0, 320, 320], '#fdf2f8'),
    zone('channels', 'Canaux', 'Channels', [960, 320, 320, 320], '#fff7ed'),
    zone('segments', 'Segments de clientèle', 'Customer segments', [1280, 0, 320, 640], '#f0fdf4'),
    zone('costs', 'Structure de coûts', 'Cost structure', [0, 640, 800, 300], '#fef2f2'),
    zone('revenue', 'Sources de revenus', 'Revenue streams', [800, 640, 800, 300], '#f0fdf4'),
  ],
  defaultPhases: 'all',
})
