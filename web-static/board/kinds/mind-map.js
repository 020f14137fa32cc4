/** A mind map: nodes joined by links; a new node is linked to the selected one. */
import { defineKind } from './kind.js'

export default defineKind({
  id: 'mind-map',
  label: { fr: 'Carte mentale', en: 'Mind map' },
  emptyHint: {
    fr: 'Posez l’idée centrale (S), puis sélectionnez-la et ajoutez des nœuds : ils s’y relient.',
    en: 'Place the central idea (S), then select it and add nodes: they link to it.',
  },
  tools: ['shape', 'note', 'text'],
  connectors: true,
  linksNewItems: true,
  defaultPhases: 'all',
})
