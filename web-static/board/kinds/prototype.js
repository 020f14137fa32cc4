/** The prototype: storyboard frames with sketches and text. */
import { defineKind } from './kind.js'

export default defineKind({
  id: 'prototype',
  label: { fr: 'Prototype', en: 'Prototype' },
  emptyHint: {
    fr: 'Racontez l’usage case par case (F) : un croquis ou une image, une légende ; reliez les cases (C).',
    en: 'Tell the use frame by frame (F): a sketch or an image, a caption; link the frames (C).',
  },
  tools: ['frame', 'note', 'text', 'image'],
  connectors: true,
  defaultPhases: ['prototype', 'test'],
})
