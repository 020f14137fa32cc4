#!/usr/bin/env python3
"""Screenshots of every board kind with sample content, for docs/gallery/.

Usage:
    board_gallery.py --url BASE --token TOKEN --board KIND=ID [--board KIND=ID …] --out DIR
                     [--lang en|fr] [--width W] [--height H]

TOKEN must be able to write the boards (the facilitator's token bypasses the phase lock).
For each board it opens `/boards/{ID}`, fills it through the page's own Yjs document and
editor (`window.atelier`: notes in the template's zones, uploaded pictures drawn on a
canvas in the page, frames, connectors, votes, slides), fits the view and saves
`DIR/board-{KIND}.png`. Boards that already hold items are not filled again.

Prints ONE JSON line `{"ok", "shots": [paths…], "error"?}`; exit 0 or 1.

Example:
    .venv/bin/python Tests/Browser/board_gallery.py --url http://127.0.0.1:18600 --token t \
        --board swot=b_1 --board ideas=b_2 --out /tmp/gallery
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from board_common import BoardPage, report  # noqa: E402
from browser import Browser  # noqa: E402

FILL_JS = r"""
const [kind, lang, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]]
const m = window.atelier.model
const ed = window.atelier.editor
if (m.items().length > 0 || m.slidesArray.length > 0) return done('kept')
const fr = lang === 'fr'
const L = (en, f) => (fr ? f : en)
const zones = m.zones()
const zone = (id) => zones.find((z) => z.id === id)
const COLORS = ['#fff176', '#ffcc80', '#f8bbd0', '#c5e1a5', '#b3e5fc', '#d1c4e9']
function fill(id, texts, color, opts = {}) {
  const z = zone(id)
  const w = opts.w ?? 170
  const h = opts.h ?? 118
  const gap = 14
  const cols = Math.max(1, Math.floor((z.w - 24 + gap) / (w + gap)))
  texts.forEach((text, i) => {
    const col = i % cols
    const row = Math.floor(i / cols)
    m.addItem({ type: 'note', zone: id, x: z.x + 16 + col * (w + gap), y: z.y + (opts.top ?? 66) + row * (h + gap), w, h, text, color: Array.isArray(color) ? color[i % color.length] : color })
  })
}
async function picture(hues, shape) {
  const c = document.createElement('canvas')
  c.width = 480
  c.height = 340
  const g = c.getContext('2d')
  const grad = g.createLinearGradient(0, 0, 480, 340)
  grad.addColorStop(0, `hsl(${hues[0]} 70% 72%)`)
  grad.addColorStop(1, `hsl(${hues[1]} 65% 45%)`)
  g.fillStyle = grad
  g.fillRect(0, 0, 480, 340)
  g.globalAlpha = 0.55
  for (let i = 0; i < 7; i++) {
    g.fillStyle = `hsl(${hues[i % 2]} 80% ${55 + i * 5}%)`
    g.beginPath()
    if (shape === 'circles') g.arc(60 + i * 62, 170 + Math.sin(i) * 90, 40 + (i % 3) * 18, 0, Math.PI * 2)
    else g.rect(30 + i * 60, 60 + (i % 3) * 70, 90, 120)
    g.fill()
  }
  g.globalAlpha = 1
  return new Promise((resolve) => c.toBlob(resolve, 'image/png'))
}
async function sketch(steps) {
  const c = document.createElement('canvas')
  c.width = 480
  c.height = 300
  const g = c.getContext('2d')
  g.fillStyle = '#ffffff'
  g.fillRect(0, 0, 480, 300)
  g.strokeStyle = '#334155'
  g.lineWidth = 4
  g.lineCap = 'round'
  g.strokeRect(150, 40, 180, 230)  // a phone
  g.strokeRect(165, 70, 150, 150)
  g.beginPath(); g.arc(240, 250, 9, 0, Math.PI * 2); g.stroke()
  g.fillStyle = '#2454c5'
  for (let i = 0; i < steps; i++) g.fillRect(180, 85 + i * 32, 120 - i * 20, 18)
  g.beginPath(); g.arc(90, 120, 26, 0, Math.PI * 2); g.stroke()  // a person
  g.beginPath(); g.moveTo(90, 146); g.lineTo(90, 220); g.moveTo(60, 175); g.lineTo(135, 165); g.moveTo(90, 220); g.lineTo(70, 270); g.moveTo(90, 220); g.lineTo(110, 270); g.stroke()
  return new Promise((resolve) => c.toBlob(resolve, 'image/png'))
}
const upload = async (blob) => (await ed.upload(blob)) ?? undefined

if (kind === 'empathy-map') {
  fill('who', [L('Camille, 34, store manager in Lyon', 'Camille, 34 ans, gérante de magasin à Lyon'), L('Runs a team of 12, works Saturdays', 'Dirige 12 personnes, travaille le samedi')], '#d1c4e9', { w: 250 })
  fill('goal', [L('Order stock in under 10 minutes', 'Commander le stock en moins de 10 minutes'), L('Decide on promotions with real data', 'Décider des promotions avec de vraies données')], '#f8bbd0', { w: 250 })
  fill('see', [L('Empty shelves on Monday', 'Rayons vides le lundi'), L('Competitors’ apps', 'Les applis des concurrents')], '#c5e1a5')
  fill('say', [L('“I never know what sold yesterday”', '« Je ne sais jamais ce qui s’est vendu hier »'), L('“Excel is my best friend”', '« Excel est mon meilleur ami »')], '#fff176')
  fill('do', [L('Counts boxes by hand', 'Compte les cartons à la main'), L('Calls suppliers at 7 am', 'Appelle les fournisseurs à 7 h')], '#ffcc80')
  fill('hear', [L('Head office wants daily reports', 'Le siège veut des rapports quotidiens'), L('Staff ask for clear schedules', 'L’équipe demande des plannings clairs')], '#b3e5fc')
  fill('pains', [L('Stock-outs cost sales', 'Les ruptures font perdre des ventes'), L('Too many tools', 'Trop d’outils'), L('No time to analyse', 'Pas le temps d’analyser')], '#f8bbd0')
  fill('gains', [L('Fewer stock-outs', 'Moins de ruptures'), L('One screen for the day', 'Un seul écran pour la journée'), L('Recognition from head office', 'Reconnaissance du siège')], '#c5e1a5')
} else if (kind === 'swot') {
  fill('strengths', [L('Loyal local customers', 'Clients locaux fidèles'), L('Experienced staff', 'Équipe expérimentée'), L('Central locations', 'Emplacements centraux')], '#c5e1a5')
  fill('weaknesses', [L('Paper-based stock', 'Stock sur papier'), L('No online sales', 'Pas de vente en ligne')], '#f8bbd0')
  fill('opportunities', [L('Click & collect demand', 'Demande de click & collect'), L('Local sourcing trend', 'Tendance du circuit court'), L('Regional grants for digital', 'Aides régionales au numérique')], '#b3e5fc')
  fill('threats', [L('Online giants', 'Géants du e-commerce'), L('Rising rents', 'Loyers en hausse')], '#ffcc80')
} else if (kind === 'business-model-canvas') {
  const bmc = {
    partners: [L('Local suppliers', 'Fournisseurs locaux'), L('Payment provider', 'Prestataire de paiement')],
    activities: [L('Stock forecasting', 'Prévision du stock')],
    resources: [L('Sales data', 'Données de ventes')],
    value: [L('Never run out of best-sellers', 'Ne jamais manquer des meilleures ventes'), L('Order in 3 taps', 'Commander en 3 gestes')],
    relationships: [L('In-app coaching', 'Accompagnement dans l’appli')],
    channels: [L('Franchise network', 'Réseau de franchise')],
    segments: [L('Independent store managers', 'Gérants de magasins indépendants'), L('Small chains', 'Petites enseignes')],
    costs: [L('Development team', 'Équipe de développement'), L('Hosting', 'Hébergement')],
    revenue: [L('Monthly subscription per store', 'Abonnement mensuel par magasin'), L('Supplier commissions', 'Commissions fournisseurs')],
  }
  let i = 0
  for (const [id, texts] of Object.entries(bmc)) fill(id, texts, COLORS[i++ % COLORS.length], { w: 286, h: 72, top: 84 })
} else if (kind === 'hmw') {
  fill('problem', [L('Store managers need to know what to reorder each morning because stock-outs on best-sellers cost 8% of sales.', 'Les gérants doivent savoir quoi recommander chaque matin, car les ruptures sur les meilleures ventes coûtent 8 % du chiffre.')], '#d1c4e9', { w: 760, h: 150 })
  fill('questions', [
    L('How might we make reordering take less than 10 minutes?', 'Comment pourrions-nous faire tenir la commande en moins de 10 minutes ?'),
    L('How might we warn before a stock-out, not after?', 'Comment pourrions-nous prévenir avant la rupture, pas après ?'),
    L('How might we turn sales data into one clear action?', 'Comment pourrions-nous transformer les données de ventes en une action claire ?'),
    L('How might we involve the staff in stock checks?', 'Comment pourrions-nous impliquer l’équipe dans les inventaires ?'),
    L('How might we make head office reports automatic?', 'Comment pourrions-nous automatiser les rapports au siège ?'),
  ], '#fff176', { w: 290, h: 150 })
} else if (kind === 'test-grid') {
  fill('liked', [L('“The morning list is exactly what I need”', '« La liste du matin, c’est exactement ce qu’il me faut »'), L('Fast to scan', 'Rapide à parcourir')], '#c5e1a5')
  fill('criticism', [L('Icons are unclear', 'Icônes peu claires'), L('Wants to edit quantities', 'Veut modifier les quantités')], '#f8bbd0')
  fill('questions', [L('Does it work offline?', 'Ça marche hors ligne ?'), L('Who validates the order?', 'Qui valide la commande ?')], '#b3e5fc')
  fill('ideas', [L('Barcode scan to count', 'Scanner les codes-barres pour compter'), L('Weekly summary by email', 'Résumé hebdo par e-mail')], '#fff176')
} else if (kind === 'ideas') {
  const ideas = [
    L('Morning reorder list', 'Liste de commande du matin'), L('Stock-out alerts on the phone', 'Alertes de rupture sur le téléphone'), L('Shelf photos → counts', 'Photos de rayon → comptage'),
    L('Supplier chat in the app', 'Messagerie fournisseurs dans l’appli'), L('Best-seller leaderboard', 'Classement des meilleures ventes'), L('Voice ordering', 'Commande vocale'),
    L('Shared team checklist', 'Checklist partagée de l’équipe'), L('Auto report to head office', 'Rapport automatique au siège'),
  ]
  ideas.forEach((text, i) => m.addItem({ type: 'note', x: 40 + (i % 4) * 230, y: 120 + Math.floor(i / 4) * 200, w: 200, h: 160, text, color: COLORS[i % COLORS.length] }))
  m.addItem({ type: 'text', x: 40, y: 30, w: 700, h: 60, text: L('Ideas: vote for your top 3', 'Idées : votez pour vos 3 préférées') })
  // No dots: the server alone writes votes (participants vote through the vote API).
} else if (kind === 'mood-board') {
  const pics = [[[200, 230], 'circles'], [[20, 45], 'rects'], [[140, 170], 'circles'], [[330, 280], 'rects']]
  const caps = [L('Calm, trustworthy', 'Calme, fiable'), L('Warm shop light', 'Lumière chaude du magasin'), L('Fresh, local', 'Frais, local'), L('Playful details', 'Détails ludiques')]
  for (let i = 0; i < pics.length; i++) {
    const asset = await upload(await picture(...pics[i]))
    m.addItem({ type: 'image', x: 40 + (i % 2) * 330, y: 40 + Math.floor(i / 2) * 290, w: 300, h: 260, asset, text: caps[i] })
  }
  const palette = ['#2454c5', '#0f766e', '#f59e0b', '#fde68a', '#f43f5e']
  palette.forEach((color, i) => m.addItem({ type: 'shape', x: 740 + i * 130, y: 50, w: 120, h: 120, color, text: color }))
  const words = [L('simple', 'simple'), L('reassuring', 'rassurant'), L('human', 'humain'), L('quick', 'rapide')]
  words.forEach((text, i) => m.addItem({ type: 'text', x: 760 + (i % 2) * 260, y: 220 + Math.floor(i / 2) * 90, w: 240, h: 60, text }))
  m.addItem({ type: 'note', x: 760, y: 430, w: 420, h: 140, text: L('Tone: like a helpful colleague, never like an auditor.', 'Ton : comme un collègue serviable, jamais comme un contrôleur.'), color: '#fff176' })
} else if (kind === 'prototype') {
  const steps = [
    L('1. Camille opens the app at 7 am', '1. Camille ouvre l’appli à 7 h'),
    L('2. The morning list shows 5 products to reorder', '2. La liste du matin propose 5 produits'),
    L('3. She adjusts one quantity', '3. Elle ajuste une quantité'),
    L('4. One tap: order sent, report done', '4. Un geste : commande envoyée, rapport fait'),
  ]
  const ids = []
  for (let i = 0; i < steps.length; i++) {
    const asset = i === 2 ? undefined : await upload(await sketch(i + 1))
    ids.push(m.addItem({ type: 'frame', x: 40 + i * 390, y: 60, w: 350, h: 340, asset, text: steps[i] }))
  }
  for (let i = 1; i < ids.length; i++) m.connect(ids[i - 1], ids[i])
  m.addItem({ type: 'note', x: 40, y: 450, w: 300, h: 120, text: L('Test with 3 store managers on Thursday', 'Tester avec 3 gérants jeudi'), color: '#ffcc80' })
  m.addItem({ type: 'note', x: 370, y: 450, w: 300, h: 120, text: L('Open question: who validates large orders?', 'Question ouverte : qui valide les grosses commandes ?'), color: '#b3e5fc' })
} else if (kind === 'mind-map') {
  const center = m.addItem({ type: 'shape', x: 620, y: 400, w: 260, h: 90, text: L('Store of tomorrow', 'Le magasin de demain'), color: '#fff176' })
  const branches = [
    [L('Stock', 'Stock'), '#b3e5fc', 260, 160, [L('Forecasts', 'Prévisions'), L('Alerts', 'Alertes')]],
    [L('Team', 'Équipe'), '#c5e1a5', 1000, 160, [L('Schedules', 'Plannings'), L('Training', 'Formation')]],
    [L('Customers', 'Clients'), '#f8bbd0', 1000, 650, [L('Click & collect', 'Click & collect'), L('Loyalty', 'Fidélité')]],
    [L('Suppliers', 'Fournisseurs'), '#ffcc80', 260, 650, [L('Local', 'Locaux'), L('Fast delivery', 'Livraison rapide')]],
  ]
  for (const [text, color, x, y, leaves] of branches) {
    const b = m.addItem({ type: 'shape', x, y, w: 220, h: 76, text, color })
    m.connect(center, b)
    leaves.forEach((leaf, i) => {
      const lx = x < 620 ? x - 230 : x + 250
      const l = m.addItem({ type: 'shape', x: lx, y: y - 60 + i * 130, w: 190, h: 64, text: leaf, color: '#ffffff' })
      m.connect(b, l)
    })
  }
} else if (kind === 'deck') {
  const slides = [
    [L('StockSense: never miss a best-seller', 'StockSense : ne plus jamais manquer une meilleure vente'), L('Group 1 · CDO sprint', 'Groupe 1 · sprint CDO')],
    [L('The problem', 'Le problème'), L('Stock-outs on best-sellers cost independent stores 8% of sales.', 'Les ruptures sur les meilleures ventes coûtent 8 % du chiffre aux magasins indépendants.')],
    [L('What we learned', 'Ce que nous avons appris'), L('5 interviews, 1 day in store: managers reorder from memory at 7 am.', '5 entretiens, 1 journée en magasin : les gérants commandent de mémoire à 7 h.')],
    [L('Our solution', 'Notre solution'), L('A morning list of what to reorder, sent in one tap.', 'Une liste du matin de ce qu’il faut recommander, envoyée en un geste.')],
    [L('Business model', 'Modèle économique'), L('€49 per store per month; supplier commissions.', '49 € par magasin et par mois ; commissions fournisseurs.')],
  ]
  for (const [title, body] of slides) m.addSlide(10, { title, body })
  const asset = await upload(await sketch(3))
  m.setSlideAsset(3, asset)
}
done('filled')
"""


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--token", required=True)
    p.add_argument("--board", action="append", required=True, metavar="KIND=ID")
    p.add_argument("--out", required=True)
    p.add_argument("--lang", default="en", choices=["en", "fr"])
    p.add_argument("--width", type=int, default=1440)
    p.add_argument("--height", type=int, default=900)
    p.add_argument("--timeout", type=float, default=30.0)
    return p.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    shots: list[str] = []
    error = None
    try:
        with Browser(width=args.width, height=args.height) as b:
            for spec in args.board:
                kind, _, board = spec.partition("=")
                page = BoardPage(b, args.url, args.token, board, timeout=args.timeout)
                page.open(lang=args.lang)
                result = b.run_async(f"(async () => {{ {FILL_JS} }})().catch(e => arguments[arguments.length - 1]('error: ' + e.message))", kind, args.lang)
                if not str(result).startswith(("filled", "kept")):
                    raise RuntimeError(f"{kind}: {result}")
                if kind == "deck":
                    b.run("document.querySelector(\"atelier-board-deck [data-action='go'][data-index='3']\")?.click()")
                else:
                    b.run("document.querySelector('atelier-board-canvas').fit()")
                page.wait(
                    "Array.from(document.images).every(i => i.complete)", "images loaded"
                )
                b.run("document.activeElement?.blur(); window.atelier.editor.querySelector('atelier-board-canvas')?.select([])")
                time.sleep(0.4)
                path = os.path.join(args.out, f"board-{kind}.png")
                b.screenshot(path)
                shots.append(path)
    except Exception as exc:
        error = f"{type(exc).__name__}: {exc}"
        traceback.print_exc()
    line: dict = {"ok": error is None, "shots": shots}
    if error:
        line["error"] = error.splitlines()[0]
    report(line)
    return 0 if error is None else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
