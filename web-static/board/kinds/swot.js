/** Strengths, weaknesses, opportunities, threats. */
import { defineKind, zone } from './kind.js'

export default defineKind({
  id: 'swot',
  label: { fr: 'SWOT', en: 'SWOT' },
  emptyHint: {
    fr: 'Un post-it (N) par force, faiblesse, opportunité ou menace, dans sa case.',
    en: 'One note (N) per strength, weakness, opportunity or threat, in its box.',
  },
  zones: [
    zone('strengths', 'Forces', 'Strengths', [0, 0, 800, 470], '#f0fdf4', ['Internes, positives', 'Internal, helpful']),
    zone('weaknesses', 'Faiblesses', 'Weaknesses', [800, 0, 800, 470], '#fef2f2', ['Internes, négatives', 'Internal, harmful']),
    zone('opportunities', 'Opportunités', 'Opportunities', [0, 470, 800, 470], '#eff6ff', ['Externes, positives', 'External, helpful']),
    zone('threats', 'Menaces', 'Threats', [800, 470, 800, 470], '#fff7ed', ['Externes, négatives', 'External, harmful']),
  ],
  defaultPhases: 'all',
})
