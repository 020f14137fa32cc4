/**
 * Refusals and errors in the reader's language, from their stable code.
 *
 * The server answers `{"error": {"code", "message", "field"?, "criteria"?}}` and refuses
 * board edits with a reason; its English `message` is for logs and API users. Pages show
 * `errorText(error, context)`: the app's own sentence for the code, with the field named in
 * words and the criteria by their labels; the way forward where there is one (e.g. "use Go
 * to… with an override" when a day has not begun). An unknown code falls back to the
 * server's message. For example:
 *
 * ```js
 * try { await api(…) } catch (error) {
 *   feedback = errorText(error, { criterionLabel: (id) => labels.get(id) ?? id })
 * }
 * refusalCode('the empathy-map board is read-only in phase "ideate"') // 'phase-locked'
 * ```
 */
import { currentLanguage, formatList, quote } from './i18n.js'

/**
 * @typedef {object} ErrorContext
 * @property {(id: string) => string} [criterionLabel] a criterion's label from its id
 * @property {(id: string) => string} [phaseLabel] a phase's label from its id
 * @property {string} [phase] the phase the command was about (its label)
 * @property {number} [day] that phase's day
 * @property {string} [opens] when the day begins, in words
 */

/** @typedef {Record<string, string>} Table */

/** @type {{ en: Table, fr: Table }} */
const MESSAGES = {
  en: {
    network: 'The server could not be reached. Check the connection and try again.',
    'day-not-begun': '{phase} belongs to day {day}, which has not begun. To move on anyway, use “Go to…”, tick “Override the phase rules” and give a reason.',
    'day-not-begun.bare': 'The next phase belongs to a day that has not begun. To move on anyway, use “Go to…”, tick “Override the phase rules” and give a reason.',
    'skip-refused': 'Without an override only the next phase can be chosen. To jump ahead, tick “Override the phase rules” and give a reason.',
    'phase-changed': 'Someone else moved the sprint just before you: the page now shows where it is. Nothing was moved twice.',
    'override-required': 'Going back to an earlier phase needs an override: tick “Override the phase rules” and give a reason.',
    'no-next-phase': 'This is the last phase of the sprint.',
    'reason-required': 'Give a reason: it goes into the audit log.',
    'unknown-phase': 'This session has no such phase.',
    'not-pitch-phase': 'A pitch starts in the pitch phase. Before it, only the facilitator can start one, with an override and a reason.',
    unscored: 'Not scored yet: {criteria}. Score every criterion, then submit.',
    'unscored.bare': 'Some criteria are not scored yet. Score every criterion, then submit.',
    'off-scale': 'A score is off the scale ({criteria}): pick one of the steps shown.',
    'unknown-criterion': 'This criterion is not in the rubric ({criteria}).',
    'already-submitted': 'This sheet is already submitted: it is locked.',
    'already-started': 'It has already started.',
    'not-running': 'It is not running.',
    'pitch-running': 'The questions start once the pitch has stopped.',
    'slide-limit-exceeded': 'The deck has more slides than allowed: remove some before the pitch.',
    'slide-out-of-range': 'There is no such slide.',
    'invalid-entry': 'This entry cannot be saved: the text is empty, a time is out of range, or nothing changed.',
    'not-assigned': 'You are not assigned to grade this group.',
    'conflict-of-interest': 'You declared a conflict of interest for this group: you do not grade it.',
    forbidden: 'Your role does not allow this.',
    'not-allowed': 'Your role does not allow this here.',
    'administrator-only': 'Only the server’s administrator can do this (a juror’s link signs the jury’s record): ask them.',
    'not-facilitator': 'Only the facilitator can do this.',
    'not-your-group': 'This belongs to another group.',
    not_found: 'Not found: it may have been deleted.',
    'unknown-group': 'This session has no such group.',
    'unknown-entry': 'This entry no longer exists.',
    invalid_definition: 'The session definition is refused: {field} is not valid.',
    'invalid_definition.bare': 'The session definition is refused: it is not valid.',
    'quota-exceeded': 'The image quota is reached: remove unused images or ask the facilitator.',
    too_many_bad_tokens: 'Too many wrong tokens from this network: wait a moment, then try again.',
    'disk-full': 'The server has no disk space left: tell the facilitator. Nothing was saved.',
    bad_token: 'This access token is not recognised (revoked, or mistyped).',
    missing_token: 'Sign in first: open your invite link.',
    too_large: 'This is too large for the server.',
    svg_refused: 'SVG images cannot be added: use PNG, JPEG, WebP or GIF.',
    not_an_image: 'This file is not a PNG, JPEG, WebP or GIF image.',
    malformed_image: 'This image file is damaged or incomplete: export it again and retry.',
    not_pending: 'This refused edit was already applied or discarded.',
    'record-closed': 'The jury’s record is signed: it can no longer change.',
    'session-archived': 'The session is archived: nothing can change until the facilitator opens it again.',
    'not-published': 'The results are not published yet.',
    unsigned: 'Every juror must confirm the record first.',
    'vote-budget': 'You have used all your votes: take one back to vote again.',
    'no-vote': 'You had no dot on this item.',
    'no-votes': 'This board takes no votes.',
    'timer-paused': 'This timer is paused: resume it first.',
    'timer-not-paused': 'This timer is not paused.',
    'too-many-timers': 'Too many timers are running: stop one first.',
    'no-deck': 'This group has no pitch deck.',
    'board-private': 'The board is private: reveal it before restoring a checkpoint.',
    'person-erased': 'This person’s data was erased: they cannot be renamed nor given a new link.',
    bad_json: 'The request could not be read.',
    unknown_field: 'The request has a field the server does not know.',
    missing_field: 'The request misses a field.',
    bad_field: 'A field of the request is not valid.',
    internal: 'The server failed. Try again; if it persists, tell the facilitator.',
    // Board refusals (sync "permission denied" reasons and quarantine reasons).
    'phase-locked': 'This board is locked in the current phase.',
    'deck-frozen': 'The deck is frozen while its pitch runs.',
    'slide-limit': 'The deck would have more slides than the limit.',
    'board-full': 'This board is full: remove something from it (or use another board) before adding more.',
    'read-only-role': 'Your role reads boards but does not edit them.',
    'server-owned': 'This part of the board is written by the server only.',
    'depends-on-quarantined': 'This edit builds on an edit that was refused earlier.',
    'client-id-taken': 'This browser’s editing identity belongs to someone else: reload the page.',
    'too-many': 'Too many refused edits: the board stopped taking yours. Reload once the facilitator has seen them.',
    replaced: 'This board was opened again in another of your tabs or devices, so this page stopped. Reload to use it here.',
    'problem-not-approved': 'Some groups’ problem statements are not approved yet: approve them first, or go on with “Go to…”, tick “Override the phase rules” and give a reason.',
    'not-president': 'Only the jury’s president (or the acting president) can do this.',
    'not-closed': 'The jury’s record is not closed yet.',
    'incomplete-marks': 'A candidate has no mark yet in some assessment: every juror must submit first.',
    'record-changed': 'The scores changed while the record was being closed: read it again, then close it.',
    'departure-unjustified': 'The marks changed after some decisions were recorded: they now depart from the proposal and need a justification.',
    'president-not-recused': 'The president presides over this group: an acting president is named only for a group the president is recused from.',
    'wrong-assessor': 'This criterion is scored by someone else ({criteria}): the facilitator scores it per candidate.',
    'wrong-assessor.bare': 'This criterion is scored by someone else.',
    'unknown-block': 'The rubric has no such assessment.',
    'justification-required': 'A decision that departs from the proposal needs a justification.',
    'idempotency-key-reused': 'This retry differs from the request first sent: read the page again, then send it anew.',
    bad_idempotency_key: 'The request’s retry key was refused: reload the page and try again.',
    // Pitch commands of the facilitator (components/atelier-pitch-links.js): `{command}.{code}`.
    'extra-time.already-started': 'Extra time is given before the pitch starts, and this one has started. If it was started by mistake, reset it first.',
    'extra-time.invalid-entry': 'Extra time is 1 second to 7 days a grant, and a group’s grants add up to at most 7 days.',
    'extra-time.not_found': 'This candidate is not in this group (any more): reload the page.',
    'reset.not-running': 'This pitch has not started: there is nothing to reset.',
    upgrade_required: 'This address is for the live connection, not for a page.',
    unknown: 'Refused by the server: {message}',
  },
  fr: {
    network: 'Le serveur est injoignable. Vérifiez la connexion et réessayez.',
    'day-not-begun': '{phase} appartient au jour {day}, qui n’a pas commencé. Pour y passer quand même : « Aller à… », cochez « Passer outre les règles de phase » et donnez un motif.',
    'day-not-begun.bare': 'La phase suivante appartient à un jour qui n’a pas commencé. Pour y passer quand même : « Aller à… », cochez « Passer outre les règles de phase » et donnez un motif.',
    'skip-refused': 'Sans dérogation, seule la phase suivante peut être choisie. Pour sauter une phase, cochez « Passer outre les règles de phase » et donnez un motif.',
    'phase-changed': 'Quelqu’un d’autre vient de faire avancer le sprint : la page montre où il en est. Rien n’a avancé deux fois.',
    'override-required': 'Revenir à une phase antérieure demande une dérogation : cochez « Passer outre les règles de phase » et donnez un motif.',
    'no-next-phase': 'C’est la dernière phase du sprint.',
    'reason-required': 'Donnez un motif : il est inscrit au journal d’audit.',
    'unknown-phase': 'Cette session n’a pas cette phase.',
    'not-pitch-phase': 'Un pitch commence pendant la phase de pitch. Avant, seul l’animateur·rice peut le lancer, avec une dérogation et un motif.',
    unscored: 'Pas encore noté : {criteria}. Notez chaque critère, puis remettez la grille.',
    'unscored.bare': 'Des critères ne sont pas encore notés. Notez chaque critère, puis remettez la grille.',
    'off-scale': 'Une note est hors de l’échelle ({criteria}) : choisissez l’un des paliers proposés.',
    'unknown-criterion': 'Ce critère n’est pas dans la grille ({criteria}).',
    'already-submitted': 'Cette grille est déjà remise : elle est verrouillée.',
    'already-started': 'C’est déjà commencé.',
    'not-running': 'Ce n’est pas en cours.',
    'pitch-running': 'Les questions commencent une fois le pitch arrêté.',
    'slide-limit-exceeded': 'Le support a plus de diapositives que permis : retirez-en avant le pitch.',
    'slide-out-of-range': 'Cette diapositive n’existe pas.',
    'invalid-entry': 'Impossible d’enregistrer : le texte est vide, une heure est hors limites, ou rien n’a changé.',
    'not-assigned': 'Vous n’êtes pas affecté·e à la notation de ce groupe.',
    'conflict-of-interest': 'Vous avez déclaré un conflit d’intérêts pour ce groupe : vous ne le notez pas.',
    forbidden: 'Votre rôle ne le permet pas.',
    'not-allowed': 'Votre rôle ne le permet pas ici.',
    'administrator-only': 'Seul·e l’administrateur·rice du serveur peut le faire (le lien d’un·e juré·e signe le procès-verbal) : demandez-le-lui.',
    'not-facilitator': 'Seul·e l’animateur·rice peut le faire.',
    'not-your-group': 'Cela appartient à un autre groupe.',
    not_found: 'Introuvable : peut-être a-t-il été supprimé.',
    'unknown-group': 'Cette session n’a pas ce groupe.',
    'unknown-entry': 'Cette entrée n’existe plus.',
    invalid_definition: 'La définition de session est refusée : {field} n’est pas valable.',
    'invalid_definition.bare': 'La définition de session est refusée : elle n’est pas valable.',
    'quota-exceeded': 'Le quota d’images est atteint : retirez des images inutilisées ou voyez avec l’animateur·rice.',
    too_many_bad_tokens: 'Trop de jetons erronés depuis ce réseau : patientez un moment, puis réessayez.',
    'disk-full': 'Le serveur n’a plus d’espace disque : prévenez l’animateur·rice. Rien n’a été enregistré.',
    bad_token: 'Ce jeton d’accès n’est pas reconnu (révoqué, ou mal saisi).',
    missing_token: 'Connectez-vous d’abord : ouvrez votre lien d’invitation.',
    too_large: 'C’est trop volumineux pour le serveur.',
    svg_refused: 'Les images SVG ne peuvent pas être ajoutées : utilisez PNG, JPEG, WebP ou GIF.',
    not_an_image: 'Ce fichier n’est pas une image PNG, JPEG, WebP ou GIF.',
    malformed_image: 'Ce fichier image est abîmé ou incomplet : exportez-le à nouveau et réessayez.',
    not_pending: 'Cette modification refusée a déjà été appliquée ou écartée.',
    'record-closed': 'Le procès-verbal du jury est signé : il ne peut plus changer.',
    'session-archived': 'La session est archivée : rien ne peut changer tant que l’animateur·rice ne l’a pas rouverte.',
    'not-published': 'Les résultats ne sont pas encore publiés.',
    unsigned: 'Chaque juré·e doit d’abord confirmer le procès-verbal.',
    'vote-budget': 'Vous avez utilisé tous vos votes : retirez-en un pour voter à nouveau.',
    'no-vote': 'Vous n’aviez pas de gommette sur cet élément.',
    'no-votes': 'Ce tableau ne se prête pas au vote.',
    'timer-paused': 'Ce minuteur est en pause : reprenez-le d’abord.',
    'timer-not-paused': 'Ce minuteur n’est pas en pause.',
    'too-many-timers': 'Trop de minuteurs tournent : arrêtez-en un d’abord.',
    'no-deck': 'Ce groupe n’a pas de support de pitch.',
    'board-private': 'Le tableau est privé : révélez-le avant de restaurer un instantané.',
    'person-erased': 'Les données de cette personne ont été effacées : elle ne peut être ni renommée ni recevoir un nouveau lien.',
    bad_json: 'La requête n’a pas pu être lue.',
    unknown_field: 'La requête contient un champ inconnu du serveur.',
    missing_field: 'Il manque un champ à la requête.',
    bad_field: 'Un champ de la requête n’est pas valable.',
    internal: 'Le serveur a échoué. Réessayez ; si cela persiste, prévenez l’animateur·rice.',
    'phase-locked': 'Ce tableau est verrouillé pendant la phase en cours.',
    'deck-frozen': 'Le support est figé pendant son pitch.',
    'slide-limit': 'Le support dépasserait la limite de diapositives.',
    'board-full': 'Ce tableau est plein : retirez-en quelque chose (ou utilisez un autre tableau) avant d’ajouter.',
    'read-only-role': 'Votre rôle permet de lire les tableaux, pas de les modifier.',
    'server-owned': 'Cette partie du tableau n’est écrite que par le serveur.',
    'depends-on-quarantined': 'Cette modification s’appuie sur une modification refusée plus tôt.',
    'client-id-taken': 'L’identité d’édition de ce navigateur appartient à quelqu’un d’autre : rechargez la page.',
    'too-many': 'Trop de modifications refusées : le tableau ne prend plus les vôtres. Rechargez une fois que l’animateur·rice les a vues.',
    replaced: 'Ce tableau a été rouvert dans un autre de vos onglets ou appareils : cette page s’est arrêtée. Rechargez pour l’utiliser ici.',
    'problem-not-approved': 'Les énoncés de problème de certains groupes ne sont pas encore approuvés : approuvez-les d’abord, ou passez quand même avec « Aller à… », cochez « Passer outre les règles de phase » et donnez un motif.',
    'not-president': 'Seul·e le ou la président·e du jury (ou son suppléant) peut le faire.',
    'not-closed': 'Le procès-verbal du jury n’est pas encore clos.',
    'incomplete-marks': 'Un·e candidat·e n’a pas encore de note dans une épreuve : chaque juré·e doit d’abord remettre sa grille.',
    'record-changed': 'Les notes ont changé pendant la clôture : relisez le procès-verbal, puis clôturez-le.',
    'departure-unjustified': 'Les notes ont changé après certaines décisions : elles s’écartent désormais de la proposition et demandent une justification.',
    'president-not-recused': 'La présidence siège pour ce groupe : une présidence par intérim n’est nommée que pour un groupe dont la présidence s’est récusée.',
    'wrong-assessor': 'Ce critère est noté par quelqu’un d’autre ({criteria}) : l’animateur·rice le note par candidat·e.',
    'wrong-assessor.bare': 'Ce critère est noté par quelqu’un d’autre.',
    'unknown-block': 'La grille n’a pas cette épreuve.',
    'justification-required': 'Une décision qui s’écarte de la proposition demande une justification.',
    'idempotency-key-reused': 'Cette nouvelle tentative diffère de la demande envoyée d’abord : relisez la page, puis envoyez-la à nouveau.',
    bad_idempotency_key: 'La clé de nouvelle tentative de la requête est refusée : rechargez la page et réessayez.',
    'extra-time.already-started': 'Le temps supplémentaire s’accorde avant le début du pitch, et celui-ci a commencé. S’il a été lancé par erreur, réinitialisez-le d’abord.',
    'extra-time.invalid-entry': 'Le temps supplémentaire va de 1 seconde à 7 jours par octroi, et les octrois d’un groupe totalisent au plus 7 jours.',
    'extra-time.not_found': 'Ce ou cette candidat·e n’est pas (ou plus) dans ce groupe : rechargez la page.',
    'reset.not-running': 'Ce pitch n’a pas commencé : il n’y a rien à réinitialiser.',
    upgrade_required: 'Cette adresse sert à la connexion en direct, pas à une page.',
    unknown: 'Refusé par le serveur : {message}',
  },
}

/** Words for the parts of a session definition, to name a refused `field`. */
const FIELDS = {
  en: {
    phases: 'phase {n}', groups: 'group {n}', jurors: 'juror {n}', rubric: 'criterion {n}', participants: 'participant {n}',
    observers: 'observer {n}', warningsSeconds: 'warning {n}', phaseWarningsSeconds: 'phase warning {n}', boards: 'board bindings',
    id: 'id', label: 'label', day: 'day', timeBoxMinutes: 'time box (minutes)', title: 'title', startDate: 'start date',
    timeZone: 'time zone', slideLimit: 'slide limit', pitch: 'pitch', limitSeconds: 'time limit (seconds)',
    qaLimitSeconds: 'Q&A time limit (seconds)', scale: 'scale', min: 'minimum', max: 'maximum', step: 'step',
    weight: 'weight', block: 'assessment', name: 'name', fr: 'French', en: 'English', autoAdvance: 'auto-advance',
    facilitator: 'facilitator', passMark20: 'pass mark',
  },
  fr: {
    phases: 'phase {n}', groups: 'groupe {n}', jurors: 'juré·e {n}', rubric: 'critère {n}', participants: 'participant·e {n}',
    observers: 'observateur·rice {n}', warningsSeconds: 'alerte {n}', phaseWarningsSeconds: 'alerte de phase {n}', boards: 'tableaux par phase',
    id: 'identifiant', label: 'libellé', day: 'jour', timeBoxMinutes: 'durée (minutes)', title: 'titre', startDate: 'date de début',
    timeZone: 'fuseau horaire', slideLimit: 'limite de diapositives', pitch: 'pitch', limitSeconds: 'durée limite (secondes)',
    qaLimitSeconds: 'durée des questions (secondes)', scale: 'échelle', min: 'minimum', max: 'maximum', step: 'pas',
    weight: 'poids', block: 'épreuve', name: 'nom', fr: 'français', en: 'anglais', autoAdvance: 'passage automatique',
    facilitator: 'animateur·rice', passMark20: 'note de réussite',
  },
}

/**
 * A definition field path (`phases[3].day`, `pitch.limitSeconds`) in words
 * ("phase 4, day"; "pitch, time limit (seconds)").
 * @param {string} field
 * @returns {string}
 */
export function fieldText(field) {
  const words = /** @type {Record<string, string>} */ (FIELDS[currentLanguage()])
  /** @type {string[]} */
  const parts = []
  for (const match of field.matchAll(/([A-Za-z0-9_-]+)(?:\[(\d+)\])?/g)) {
    const [, name, index] = match
    const word = words[name]
    if (index !== undefined) parts.push((word ?? `${name} {n}`).replace('{n}', String(Number(index) + 1)))
    else parts.push(word ? word.replace(' {n}', '') : name)
  }
  return parts.join(', ') || field
}

/**
 * The text for a code (with `{placeholders}` filled), or null when the code is unknown.
 * @param {string} code
 * @param {Record<string, string | number>} [params]
 * @returns {string | null}
 */
export function codeText(code, params = {}) {
  const table = MESSAGES[currentLanguage()]
  const template = table[code]
  if (template === undefined) return null
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole))
}

/**
 * What to tell the person about an error: the app's sentence for its code, else the
 * server's message.
 * @param {unknown} error an APIError (`status`, `code`, `message`, `field`, `criteria`), or anything thrown
 * @param {ErrorContext} [context]
 * @returns {string}
 */
export function errorText(error, context = {}) {
  const e = /** @type {{ code?: unknown, message?: unknown, field?: unknown, criteria?: unknown, status?: unknown }} */ (
    error && typeof error === 'object' ? error : {}
  )
  const code = typeof e.code === 'string' ? e.code : ''
  const message = typeof e.message === 'string' && e.message ? e.message : String(error)
  const criteria = Array.isArray(e.criteria) ? e.criteria.filter((c) => typeof c === 'string') : []
  const label = context.criterionLabel ?? ((/** @type {string} */ id) => id)
  if (code === 'day-not-begun') {
    return context.phase && context.day ? /** @type {string} */ (codeText(code, { phase: context.phase, day: context.day })) : /** @type {string} */ (codeText('day-not-begun.bare'))
  }
  if (code === 'unscored' || code === 'off-scale' || code === 'unknown-criterion' || code === 'wrong-assessor') {
    if (criteria.length === 0) return /** @type {string} */ (codeText(code === 'unscored' || code === 'wrong-assessor' ? `${code}.bare` : code, { criteria: '' }))
    return /** @type {string} */ (codeText(code, { criteria: formatList(criteria.map((c) => quote(label(c)))) }))
  }
  if (code === 'invalid_definition') {
    return typeof e.field === 'string' && e.field ? /** @type {string} */ (codeText(code, { field: fieldText(e.field) })) : /** @type {string} */ (codeText('invalid_definition.bare'))
  }
  if (code.startsWith('http_') && typeof e.status === 'number' && e.status >= 500) return /** @type {string} */ (codeText('internal'))
  return codeText(code) ?? /** @type {string} */ (codeText('unknown', { message }))
}

/** English reasons the server gives in a sync refusal, to the code they stand for. */
const REFUSAL_PATTERNS = /** @type {[RegExp, string][]} */ ([
  [/read-only in phase|locked in (the )?phase/i, 'phase-locked'],
  [/deck is frozen/i, 'deck-frozen'],
  [/session is archived/i, 'session-archived'],
  [/slides?; the limit is|slide limit/i, 'slide-limit'],
  [/board holds .* and may hold/i, 'board-full'],
  [/reads boards but does not edit/i, 'read-only-role'],
  [/belongs to another group/i, 'not-your-group'],
  [/meta is written by the server|server only/i, 'server-owned'],
  [/client id .* belongs to another/i, 'client-id-taken'],
  [/builds on an edit that was refused/i, 'depends-on-quarantined'],
  [/refused edits|quarantine full/i, 'too-many'],
])

/**
 * The code of a board refusal's reason: a `code: message` prefix when the server gives
 * one, else recognised from its English wording; '' when unknown.
 * @param {string} reason
 * @returns {string}
 */
export function refusalCode(reason) {
  const prefixed = reason.match(/^([a-z][a-z-]*[a-z]):\s/)
  if (prefixed && codeText(prefixed[1]) !== null) return prefixed[1]
  return REFUSAL_PATTERNS.find(([pattern]) => pattern.test(reason))?.[1] ?? ''
}

/**
 * A board refusal (its reason or code) in the reader's language.
 * @param {string} reasonOrCode
 * @returns {string}
 */
export function refusalText(reasonOrCode) {
  const code = codeText(reasonOrCode) !== null ? reasonOrCode : refusalCode(reasonOrCode)
  return (code && codeText(code)) || /** @type {string} */ (codeText('unknown', { message: reasonOrCode }))
}
