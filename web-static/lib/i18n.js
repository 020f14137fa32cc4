/**
 * Every string of the console and participant pages, in French and English, and the
 * language in effect.
 *
 * `t(key, params)` gives the string for the current language, with `{name}` placeholders
 * replaced by `params.name` (as text: the result still goes through the `html` template).
 * The language is the one chosen with the toggle (kept in localStorage), else the
 * browser's (`navigator.language`: French for `fr…`, English otherwise). Changing it
 * dispatches `atelier-language` on `window`; pages re-render on it. For example:
 *
 * ```js
 * import { t, onLanguageChange } from '../lib/i18n.js'
 * render(this, html`<h2>${t('audit.title')}</h2>`)
 * this.#stop = onLanguageChange(() => this.#render())
 * ```
 *
 * Labels that come with the data (phase labels `{fr, en}`) are picked with `localized()`.
 */

const LANGUAGE_KEY = 'atelier.language'

/** @typedef {'fr' | 'en'} Language */

/** @type {readonly Language[]} */
export const LANGUAGES = ['fr', 'en']

const STRINGS = {
  en: {
    'language.label': 'Language',
    'language.fr': 'Français',
    'language.en': 'English',

    'common.loading': 'Loading…',
    'common.retry': 'Retry',
    'common.refresh': 'Refresh',
    'common.close': 'Close',
    'common.none': '—',
    'common.signOut': 'Sign out',
    'common.signedInAs': 'Signed in as {name} · {role}',
    'common.signedInRole': 'Signed in as {role}',
    'common.error': 'Something went wrong: {message}',
    'common.networkError': 'The server could not be reached.',

    'role.facilitator': 'facilitator',
    'role.participant': 'participant',
    'role.juror': 'juror',
    'role.observer': 'observer',
    'role.coFacilitator': 'co-facilitator',
    'people.facilitator': 'Facilitator',

    'signIn.title': 'Atelier',
    'signIn.lead': 'Design Thinking sprints, co-edited live.',
    'signIn.help': 'Open your invite link to sign in, or paste your access token below.',
    'signIn.token': 'Access token',
    'signIn.tokenPlaceholder': 'Paste your token',
    'signIn.submit': 'Sign in',
    'signIn.badToken': 'This token was not recognised: {message}',
    'signIn.boardTitle': 'Open a board by id',
    'signIn.board': 'Board id',
    'signIn.boardPlaceholder': 'e.g. demo',
    'signIn.boardPattern': 'A board id has no slash',
    'signIn.openBoard': 'Open board',

    'live.connecting': 'Connecting…',
    'live.online': 'Live',
    'live.reconnecting': 'Reconnecting…',
    'live.stopped': 'Not connected',
    'live.closed': 'Server closed the live channel:',
    'live.noReason': '(no reason given)',

    'console.title': 'Facilitator console',
    'console.sessions': 'Sessions',
    'console.noSessions': 'No session yet. Create one below.',
    'console.back': '← All sessions',
    'sessions.title': 'Title',
    'sessions.phase': 'Phase',
    'sessions.created': 'Created',
    'sessions.keptUntil': 'Data kept until',
    'sessions.keptForever': 'Kept',
    'sessions.archived': 'archived',
    'sessions.open': 'Open',

    'create.title': 'New session',
    'create.fromExample': 'From an example',
    'create.example': 'Example',
    'create.noExamples': 'No example definitions on this server.',
    'create.createExample': 'Create session',
    'create.fromFile': 'From a definition file',
    'create.file': 'Session definition (JSON)',
    'create.createFile': 'Upload and create',
    'create.creating': 'Creating…',
    'create.badJSON': 'This file is not valid JSON: check it in a text editor, or start from an example.',
    'create.refused': 'The definition was refused: {message}',
    'create.pickFile': 'Choose a JSON file first.',

    'invites.title': 'Invites',
    'invites.onceWarning':
      'Invite links are shown only now: the server keeps them hashed. Copy or print them before leaving this page. A lost link can be reissued (the old one stops working).',
    'invites.name': 'Name',
    'invites.role': 'Role',
    'invites.group': 'Group',
    'invites.link': 'Invite link',
    'invites.status': 'Status',
    'invites.online': 'online',
    'invites.offline': 'offline',
    'invites.revoked': 'revoked',
    'invites.copy': 'Copy',
    'invites.copied': 'Copied',
    'invites.copyFailed': 'Copy failed: select the link and copy it by hand.',
    'invites.copyAll': 'Copy all',
    'invites.print': 'Print',
    'invites.reissue': 'New link',
    'invites.revoke': 'Revoke',
    'invites.confirmReissue': 'Give {name} a new link? The current one stops working.',
    'invites.confirmRevoke': 'Revoke the invite of {name}? Their link stops working and they are disconnected.',
    'invites.confirmRestore': 'Give {name} a new link? Their revoked invite is restored with it.',
    'invites.hidden': 'Hidden (shown once)',
    'invites.printTitle': 'Invite links — {title}',

    'phase.current': 'Current phase',
    'phase.day': 'Day {day}',
    'phase.notBegun': 'not begun',
    'phase.advance': 'Advance',
    'phase.advanceTo': 'Advance to {phase}',
    'phase.last': 'Last phase',
    'phase.goto': 'Go to…',
    'phase.gotoPhase': 'Phase',
    'phase.override': 'Override the phase rules',
    'phase.reason': 'Reason (required when overriding)',
    'phase.reasonPlaceholder': 'e.g. the group needs more time on its empathy map',
    'phase.gotoSubmit': 'Go to this phase',
    'phase.reasonRequired': 'Give a reason for the override.',
    'phase.refused': 'Refused: {message}',
    'phase.moved': 'Phase: {from} → {to}',
    'phase.timeBox': '{minutes} min',

    'countdown.label': 'Time left in {phase}',
    'countdown.noTimeBox': 'No time box',
    'countdown.timeUp': "Time's up",
    'countdown.over': 'over by {time}',
    'countdown.deadline': 'ends at {time}',

    'timers.title': 'Activity timers',
    'timers.label': 'Activity',
    'timers.labelExample': 'e.g. Crazy 8s',
    'timers.minutes': 'Minutes',
    'timers.for': 'For',
    'timers.everyone': 'everyone',
    'timers.start': 'Start the timer',
    'timers.none': 'No activity timer is running.',
    'timers.pause': 'Pause',
    'timers.resume': 'Resume',
    'timers.addMinute': '+1 min',
    'timers.addMinuteTo': '+1 min for {label}',
    'timers.stop': 'Stop',
    'timers.stopNamed': 'Stop {label}',
    'timers.paused': 'paused',
    'timers.timeUp': "Time's up!",
    'timers.timeUpNamed': "Time's up: {label}",
    'timers.sound': "Beep when time's up",

    'follow.title': 'Follow me',
    'follow.tools': 'Running the room',
    'follow.everyone': 'everyone',
    'follow.bringEveryone': 'Bring everyone here',
    'follow.bringGroup': 'Bring this group here',
    'follow.stop': 'Stop leading {who}',
    'follow.leadingHere': 'You lead {who} to this board.',
    'follow.leadingElsewhere': 'You lead {who} to another board.',
    'follow.sent': '{who}: now following this view.',
    'follow.stopped': 'They no longer follow you.',
    'follow.following': 'Following {name}',
    'follow.followingFacilitator': 'Following the facilitator',
    'follow.leave': 'Leave (Esc)',
    'follow.person': 'Follow {name}',
    'follow.noBoard': '{name} is leading everyone to a board your group does not have.',

    'votes.title': 'Vote',
    'votes.anonymous': 'Anonymous vote',
    'votes.budget': 'Dots per person',
    'votes.setBudget': 'Set',
    'votes.reveal': 'Reveal the counts',
    'votes.hide': 'Hide the counts',
    'votes.reset': 'Reset the vote',
    'votes.resetTitle': 'Reset the vote?',
    'votes.resetBody': 'Every dot on this board is taken back; people vote again from zero.',
    'votes.cast': 'Dots cast: {count}',
    'votes.hidden': 'counts hidden until revealed',
    'private.title': 'Private brainstorm',
    'private.start': 'Private brainstorm: each person sees only their own notes',
    'private.reveal': 'Reveal',
    'private.started': 'The board is private: each participant sees only their own notes (and you see them all).',
    'private.revealedStatus': 'Revealed: everyone sees every note.',
    'private.bannerParticipant': 'Private mode: others can’t see your notes until the facilitator reveals them.',
    'private.bannerFacilitator': 'Private mode: each participant sees only their own notes; you see everyone’s. “Reveal” shares them.',
    'private.bannerOther': 'Private mode: the participants’ notes show here once the facilitator reveals them.',
    'private.revealedNotice': 'The facilitator revealed everyone’s notes.',
    'checkpoints.title': 'Checkpoints',
    'checkpoints.count': 'Checkpoints ({count})',
    'checkpoints.label': 'Checkpoint name',
    'checkpoints.save': 'Save checkpoint',
    'checkpoints.saved': 'Checkpoint “{label}” saved.',
    'checkpoints.none': 'No checkpoint yet. One is saved at every phase move; save one now to come back to this board as it is.',
    'checkpoints.list': 'This board’s checkpoints',
    'checkpoints.endOf': 'End of {phase}',
    'checkpoints.meta': '{time}, in {phase}',
    'checkpoints.view': 'View',
    'checkpoints.viewLabel': 'View “{label}”',
    'checkpoints.compareNow': 'Compare with now',
    'checkpoints.compareNowLabel': 'Compare “{label}” with now',
    'checkpoints.restore': 'Restore',
    'checkpoints.restoreLabel': 'Restore “{label}”',
    'checkpoints.compareTwo': 'Compare two checkpoints',
    'checkpoints.from': 'From',
    'checkpoints.to': 'To',
    'checkpoints.now': 'Now (the board as it is)',
    'checkpoints.compare': 'Compare',
    'checkpoints.asItWas': 'As it was at “{label}”',
    'checkpoints.readOnly': 'Read-only: the board as it was at “{label}” ({time}). The board itself is not changed.',
    'checkpoints.close': 'Close',
    'checkpoints.changesToNow': 'From “{from}” to now',
    'checkpoints.changesTo': 'From “{from}” to “{to}”',
    'checkpoints.summary': '{added} added, {removed} removed, {changed} changed',
    'checkpoints.noChange': 'No change: the board is the same.',
    'checkpoints.added': 'Added ({count})',
    'checkpoints.removed': 'Removed ({count})',
    'checkpoints.changed': 'Changed ({count})',
    'checkpoints.slides': 'Slides: {from} → {to}',
    'checkpoints.outsideZones': 'Outside the zones',
    'checkpoints.onBoard': 'On the board',
    'checkpoints.untitled': '({type} without text)',
    'checkpoints.type.note': 'note',
    'checkpoints.type.text': 'text',
    'checkpoints.type.image': 'image',
    'checkpoints.type.shape': 'shape',
    'checkpoints.type.frame': 'frame',
    'checkpoints.type.connector': 'link',
    'checkpoints.field.text': 'text',
    'checkpoints.field.moved': 'moved',
    'checkpoints.field.resized': 'resized',
    'checkpoints.field.color': 'colour',
    'checkpoints.field.order': 'order',
    'checkpoints.field.votes': 'dots',
    'checkpoints.field.image': 'image',
    'checkpoints.field.link': 'link',
    'checkpoints.restoreTitle': 'Restore “{label}”?',
    'checkpoints.restoreBody': 'The board goes back to how it was at “{label}”, for everyone on it. Nothing is lost: the board as it is now stays in its history, saved first as the checkpoint “{before}”, and notes people add while offline merge in when they reconnect.',
    'checkpoints.beforeRestore': 'Before restoring ‘{label}’',
    'checkpoints.restored': 'Restored “{label}”: {summary}.',
    'checkpoints.loading': 'Loading…',
    'timer.warning': '{time} left in this phase.',
    'timer.timeup': "Time's up for this phase.",
    'timer.late': '(sent late: the server was down at the time)',

    'groups.title': 'Groups and boards',
    'groups.online': 'Online',
    'groups.nobodyOnline': 'nobody online',
    'board.writable': 'open',
    'board.locked': 'locked',
    'board.open': 'Open',

    'audit.title': 'Audit log',
    'audit.empty': 'Nothing recorded yet.',
    'audit.at': 'When',
    'audit.actor': 'Who',
    'audit.action': 'What',
    'audit.change': 'From → to',
    'audit.reason': 'Reason',

    'quarantine.title': 'Quarantine',
    'quarantine.help': 'Edits the server refused (board locked in that phase, or slide limit), one entry per burst of editing. Nothing is lost: apply an entry to put it all on the board, or discard it.',
    'quarantine.empty': 'No refused edit.',
    'quarantine.at': 'When',
    'quarantine.board': 'Board',
    'quarantine.sender': 'Sender',
    'quarantine.reason': 'Reason',
    'quarantine.status': 'Status',
    'quarantine.apply': 'Apply',
    'quarantine.discard': 'Discard',
    'quarantine.confirmDiscard': 'Discard this refused edit for good?',
    'quarantine.status.pending': 'pending',
    'quarantine.status.applied': 'applied',
    'quarantine.status.discarded': 'discarded',

    'home.yourGroup': 'Your group: {group}',
    'home.yourBoards': 'Your boards',
    'home.pitchGroups': 'The groups’ pitches',
    'home.pitchGroupsHelp': 'Each stage shows the group’s deck as it is presented; the boards open read-only.',
    'home.noGroup': 'You are not in a group: there are no group boards to show.',
    'home.accessWithdrawn': 'Your access was withdrawn; ask the facilitator for a new link.',
    'home.noSession': 'This invite belongs to no session any more.',
    'home.boardsOpen': '{open} of {total} boards open for editing now',
    'home.lockedHelp': 'Locked boards can still be read; each says whether it opens again, and when.',

    'stage.title': 'Stage — {group}',
    'stage.signInFirst': 'You are not signed in on this browser. Open your invite link, or paste a token on the',
    'stage.home': 'home page',
    'results.notForRole': 'The results page is not available to your role. Your own page is the',
    'stage.untitled': 'Untitled',
    'stage.slideOf': 'Slide {n} / {count}',
    'stage.slideNumber': 'Slide {n}',
    'stage.waiting': 'The pitch has not started yet',
    'stage.thanks': 'Thank you!',
    'stage.qaTitle': 'Questions from the jury',
    'stage.qaHelp': 'The jury asks; the group answers.',
    'stage.pitchTimer': 'Pitch',
    'stage.qaTimer': 'Q&A',
    'stage.keysHint': '← → change slides · F full screen',
    'stage.fullScreenHint': 'F full screen',
    'stage.previous': 'Previous slide',
    'stage.next': 'Next slide',
    'stage.overrideReason': 'Reason for starting outside the pitch phase',
    'stage.startOverride': 'Start anyway (override)',

    'pitch.left': 'left',
    'pitch.overtime': 'overtime',
    'pitch.notStarted': 'not started',
    'pitch.stoppedInTime': 'stopped, within the time',
    'pitch.stoppedOver': 'stopped, over by {time}',
    'pitch.start': 'Start the pitch',
    'pitch.stop': 'Stop the pitch',
    'pitch.startQA': 'Start the Q&A',
    'pitch.stopQA': 'Stop the Q&A',

    'qa.title': 'Questions and answers',
    'qa.keysHint': 'Q question · O objection · R remark, then Enter',
    'qa.kind': 'Kind',
    'qa.kind.question': 'Question',
    'qa.kind.objection': 'Objection',
    'qa.kind.remark': 'Remark',
    'qa.placeholder.question': 'The question asked…',
    'qa.placeholder.objection': 'The objection raised…',
    'qa.placeholder.remark': 'The remark made…',
    'qa.textLabel': 'What was said',
    'qa.log': 'Log',
    'qa.answerLabel': 'Answer (summary)',
    'qa.answerPlaceholder': 'How the group answered',
    'qa.save': 'Save',
    'qa.cancel': 'Cancel',
    'qa.askedAt': 'asked {time}',
    'qa.answeredAt': 'answered {time}',
    'qa.edited': 'edited {count}×',
    'qa.markAnswered': 'Answered',
    'qa.edit': 'Edit',
    'qa.empty': 'Nothing logged yet. Press Q, O or R to log.',

    'sheet.title': 'Score sheet',
    'sheet.scale': 'scale {min}–{max} by {step}',
    'sheet.draft': 'draft',
    'sheet.submitted': 'submitted',
    'sheet.lockedAt': 'Submitted at {time}: the sheet is locked.',
    'sheet.overtime': 'Measured overtime: {time}',
    'sheet.inTime': 'Measured: within the time',
    'sheet.overtimeUnknown': 'Overtime: known once the pitch stops',
    'sheet.clear': 'clear',
    'sheet.comment': 'Comment',
    'sheet.commentPlaceholder': 'Comment (optional)',
    'sheet.progress': '{n} of {total} scored',
    'sheet.unsaved': 'not saved',
    'sheet.save': 'Save draft',
    'sheet.submit': 'Submit',
    'sheet.savedDraft': 'Draft saved. Only you can see it.',
    'sheet.submittedOk': 'Submitted. Thank you.',
    'sheet.refused': 'Refused: {message}',

    'jury.title': 'Jury',
    'jury.groups': 'Groups',
    'jury.live': 'live',
    'jury.submitted': 'submitted',
    'jury.excluded': 'excluded',
    'jury.you': 'you',
    'jury.pitchOf': 'Pitch of {group}',
    'jury.openStage': 'Open the stage ↗',
    'jury.conflict': 'Declare a conflict of interest',
    'jury.conflictHelp': 'You will be excluded from grading this group; the facilitator sees it in the audit log.',
    'jury.conflictReason': 'Reason (optional)',
    'jury.conflictSubmit': 'Declare and withdraw',
    'jury.excludedHelp': 'You do not grade this group (conflict of interest declared, or not assigned).',

    'results.title': 'Results',
    'results.back': '← Back to the session',
    'results.exports': 'Exports',
    'results.csvComma': 'Groups (CSV)',
    'results.csvSemicolon': 'Groups (CSV, semicolon)',
    'results.help': 'Candidates: one row per candidate, assessment, assessor and criterion, with the mark, the proposal and the decision. Groups: one row per group, juror and criterion. Use the semicolon files with spreadsheets set to French.',
    'results.hidden': 'hidden until every juror submits',
    'results.complete': 'all jurors submitted',
    'results.revealed': 'revealed early',
    'results.waiting': '{n} of {total} submitted',
    'results.submitted': 'submitted',
    'results.pending': 'pending',
    'results.overtime': 'overtime {time}',
    'results.inTime': 'within the time',
    'results.criterion': 'Criterion',
    'results.mean': 'Mean',
    'results.spread': 'Spread',
    'results.flag': 'Deliberation',
    'results.flagHelp': 'The jurors differ by 2 points or more',
    'results.deliberate': 'deliberate',
    'results.report': 'Printable report ↗',
    'results.revealEarly': 'Reveal early…',
    'results.revealReason': 'Reason (recorded in the audit log)',
    'results.revealSubmit': 'Reveal the scores',
    // Assessment (issue 11): candidates, overrides, deliberation, the signed record, problem statements.
    'confirm.cancel': 'Cancel',
    'sheet.confirmTitle': 'Submit this sheet?',
    'sheet.confirmBody': 'This locks your sheet and its overrides ({overrides} in all): you will not be able to change them. The other jurors see your scores once every juror of the group has submitted.',
    'sheet.confirmSubmit': 'Submit and lock',
    'sheet.recordClosed': 'The jury’s record is signed: scores can no longer change.',
    'overrides.title': 'Per candidate',
    'overrides.help': 'Each candidate gets the group’s scores. To score a candidate differently on a criterion, open their part and pick another step; “Group” gives them the group’s score again.',
    'overrides.follow': 'Group: {score}',
    'overrides.followNone': 'Group (not scored)',
    'overrides.badge': 'Override',
    'overrides.none': 'the group’s scores',
    'overrides.one': '1 override',
    'overrides.count': '{count} overrides',
    'overrides.comment': 'Comment for {name}',
    'overrides.commentPlaceholder': 'Why this candidate differs (optional)',
    'candidates.title': 'Results per candidate',
    'candidates.help': 'The certification grades each candidate, assessment by assessment: the mark on 20 over that assessment’s criteria, Atelier’s proposal against the pass mark, then the jury’s decision. Marks show once every juror of the group has submitted.',
    'candidates.none': 'No candidate yet.',
    'candidates.candidate': 'Candidate',
    'candidates.assessment': 'Assessment',
    'candidates.mark': 'Mark /20',
    'candidates.passMark': 'Pass mark',
    'candidates.proposal': 'Proposal',
    'candidates.decision': 'Decision',
    'candidates.justification': 'Justification',
    'candidates.scores': 'Scores',
    'candidates.scoresOf': 'Scores of {name}',
    'candidates.assessor': '{name}:',
    'candidates.facilitator': 'the facilitator',
    'candidates.byFacilitator': 'scored by the facilitator',
    'verdict.validated': 'Validated',
    'verdict.not-validated': 'Not validated',
    'verdict.deferred': 'Deferred',
    'verdict.absent': 'Absent',
    'verdict.overall': 'Overall (weighted)',
    'delib.title': 'Deliberation',
    'delib.stateOpen': 'open',
    'delib.stateClosed': 'signed · version {version}',
    'delib.statePublished': 'signed and published',
    'delib.signedNotice': 'The record is signed (version {version}): it can no longer change. Scores, decisions and the Q&A are read-only; the president may reopen it with a reason, which makes a new version.',
    'delib.signedBadge': 'signed',
    'delib.openRecord': 'Signed record ↗',
    'delib.candidatesCSV': 'Candidates (CSV, comma)',
    'delib.candidatesCSVSemicolon': 'Candidates (CSV, semicolon)',
    'delib.signatures': 'Signatures',
    'delib.president': 'president',
    'delib.signedAt': 'signed at {time}',
    'delib.notSigned': 'not signed yet',
    'delib.signHelp': 'Each juror signs the record as it stands. Any change of the marks or decisions clears every signature: sign again once they are final.',
    'delib.signatureCleared': 'The record changed since you signed (marks or decisions): read it and sign again.',
    'delib.reopenedByPresident': 'The president reopened the record: read it and sign it again.',
    'delib.reopenedBecause': 'The president reopened version {version} of the record: “{reason}”. Read it again; each juror signs it again before it is closed.',
    'delib.sign': 'Sign the record',
    'delib.signedOk': 'Signed.',
    'delib.close': 'Close the record…',
    'delib.closeTitle': 'Close and sign the record?',
    'delib.closeBody': 'Every candidate without a recorded decision takes the proposal. The record is then signed with its hash, and nothing of the jury’s work can change unless you reopen it with a reason.',
    'delib.closeConfirm': 'Close the record',
    'delib.closedOk': 'The record is closed and signed.',
    'delib.reopen': 'Reopen…',
    'delib.reopenReason': 'Reason (kept in the audit log)',
    'delib.reopenSubmit': 'Reopen the record',
    'delib.reopenedOk': 'The record is open again: the next closing makes a new version.',
    'delib.publish': 'Publish the results…',
    'delib.publishTitle': 'Publish the results?',
    'delib.publishBody': 'Each candidate will see their own result and their page of the signed record.',
    'delib.publishConfirm': 'Publish',
    'delib.publishedOk': 'Published: each candidate sees their own result.',
    'delib.acting': 'Acting presidents',
    'delib.actingHelp': 'The president does not grade these groups (conflict of interest, or not assigned): name the juror who decides for them.',
    'delib.actingJuror': 'Juror',
    'delib.actingReason': 'Reason (optional)',
    'delib.actingSubmit': 'Name as acting president',
    'delib.presidedBy': 'Decisions by {name}',
    'delib.noPresident': 'No one decides for this group yet: the president does not grade it, and the facilitator has not named an acting president.',
    'delib.decisionFor': 'Decision for {who}',
    'delib.justificationFor': 'Justification for {who}',
    'delib.choose': 'Choose…',
    'delib.chooseFirst': 'Choose a decision first.',
    'delib.recorded': 'recorded',
    'delib.notRecorded': 'not recorded: the proposal applies at closing',
    'delib.justificationRequired': 'Required: this decision departs from the proposal.',
    'delib.justificationOptional': 'Optional: the decision follows the proposal.',
    'delib.justificationMissing': 'This decision departs from the proposal (or there is no proposal yet): write a justification, then record it.',
    'delib.record': 'Record',
    'delib.notSignedYet': 'Not signed yet: {names}.',
    'delib.noMarkYet': 'No mark yet for: {list}.',
    'doc.signInFirst': 'You are not signed in on this browser: this file opens with your own access. Open your invite link, or paste a token on the',
    'doc.downloadedTitle': 'Downloaded',
    'doc.downloaded': '{name} is in your downloads.',
    'doc.downloadAgain': 'Download again',
    'doc.noRecord': 'No signed record yet: the jury’s president closes it after the deliberation.',
    'doc.refusedTitle': 'This file cannot be shown',
    'facScores.title': 'Facilitator’s assessment',
    'facScores.help': 'The criteria the definition gives to you, who watched the three days: score each candidate.',
    'facScores.notScored': 'Not scored',
    'facScores.save': 'Save the scores of {group}',
    'facScores.saved': 'Saved.',
    'facScores.progress': '{n} of {total} scored',
    'myResult.title': 'Your result',
    'myResult.help': 'The jury’s decisions for you, as signed in its record.',
    'myResult.record': 'Your record page ↗',
    'problem.title': 'Your problem statement',
    'problem.help': 'Write the problem your group will work on. The facilitator approves it before the sprint moves on; a new text needs a new approval.',
    'problem.helpLocked': 'The problem your group works on.',
    'problem.label': 'Problem statement',
    'problem.placeholder': 'How might we…',
    'problem.save': 'Save the statement',
    'problem.saved': 'Saved. The facilitator approves it.',
    'problem.approved': 'approved',
    'problem.waiting': 'waiting for approval',
    'problem.none': 'not written yet',
    'problem.writtenBy': 'Written by {who}, {time}',
    'problem.approvedAt': 'approved at {time}',
    'problem.you': 'you',
    'problem.theFacilitator': 'the facilitator',
    'problem.someone': 'a member of the group',
    'problem.newerElsewhere': 'Someone saved another version meanwhile; yours is not saved yet. Save it to replace theirs.',
    'problems.title': 'Problem statements',
    'problems.help': 'Each group writes its problem statement in the define phase; the sprint moves on once every one is approved.',
    'problems.waitingCount': '{count} of {total} waiting',
    'problems.allApproved': 'all approved',
    'problems.notWritten': 'Not written yet.',
    'problems.approve': 'Approve the statement of {group}',
    'problems.missing': 'Still waiting: {groups}.',
    'results.candidatesCsvComma': 'Candidates (CSV)',
    'results.candidatesCsvSemicolon': 'Candidates (CSV, semicolon)',
    'results.forInformation': 'for information',
    'results.groupsInfo': 'Groups (for information)',
    'results.perCandidate': 'scored per candidate by the facilitator',

    'pitchLinks.title': 'Pitches',
    'pitchLinks.stage': 'Stage ↗',
    'pitchLinks.results': 'Results',

    'editor.title': 'Board',
    'editor.signInFirst': 'You are not signed in on this browser. Open your invite link, or paste a token on the',
    'editor.home': 'home page',
    'editor.canvasRole': 'board',
    'editor.canvasLabel': 'Board canvas: Tab walks the items, Enter edits, arrows move, Delete removes',
    'editor.people': 'On this board',
    'editor.you': 'you',
    'editor.toolbar': 'Board tools',
    'editor.type.note': 'Note',
    'editor.type.text': 'Text',
    'editor.type.image': 'Image',
    'editor.type.shape': 'Node',
    'editor.type.frame': 'Frame',
    'editor.type.connector': 'Link',
    'editor.shortcut.note': 'New note (N)',
    'editor.shortcut.text': 'New text (T)',
    'editor.shortcut.shape': 'New node (S)',
    'editor.shortcut.frame': 'New storyboard frame (F)',
    'editor.connect': 'Link',
    'editor.connectHelp': 'Select two items, then link them (C)',
    'editor.color': 'Colour',
    'editor.colorNamed': 'Colour {color}',
    'editor.front': 'To front',
    'editor.back': 'To back',
    'editor.delete': 'Delete',
    'editor.undo': 'Undo',
    'editor.redo': 'Redo',
    'editor.zoomIn': 'Zoom in',
    'editor.zoomOut': 'Zoom out',
    'editor.fit': 'Fit',
    'editor.variant': 'Layout',
    'editor.variantCanvas': 'Empathy map canvas',
    'editor.variantClassic': 'Says / thinks / does / feels',
    'editor.votes': '{used} of {budget} dots used',
    'editor.voteCount': 'Vote (dots: {count})',
    'editor.voteMine': 'Your dot (anonymous vote): take it back',
    'editor.voteNone': 'Vote (anonymous: counts shown once revealed)',
    'editor.voteHelp': 'Vote for this idea (V); {budget} votes each',
    'editor.overBudget': 'You have used your {budget} votes: take one back to vote again.',
    'editor.exportSVG': 'Export SVG',
    'editor.exportPNG': 'Export PNG',
    'editor.editText': 'Text of the item',
    'editor.emptyText': 'Double-click to write',
    'editor.emptyTextTouch': 'Double-tap to write',
    'editor.frameSketch': 'Sketch: drop an image here',
    'editor.readOnly': 'Read only: this board is locked in the current phase',
    'editor.readOnlyRefused': 'Read only: the server refused an edit',
    'editor.refused': 'The server refused an edit: {reason}. The board was reloaded from the server; nothing you typed is lost, the facilitator can re-apply it.',
    'editor.noReason': 'no reason given',
    'editor.state.connecting': 'Connecting…',
    'editor.state.online': 'Online',
    'editor.state.reconnecting': 'Reconnecting…',
    'editor.state.offline': 'Offline',
    'editor.state.stopped': 'Not connected',
    'editor.unsynced': '{count} edit(s) not yet sent, kept on this device',
    'editor.uploadType': 'Only PNG, JPEG, WebP and GIF images can be added.',
    'editor.uploadSize': 'This image is larger than 10 MiB.',
    'editor.uploadFailed': 'The image was refused: {message}',
    'editor.addSlide': '+ Slide',
    'editor.slideCount': '{count} of {limit} slides',
    'editor.slideLimitReached': 'The deck is full.',
    'editor.slideTitle': 'Slide title',
    'editor.slideBody': 'What this slide says',
    'editor.slideNotes': 'Speaker notes',
    'editor.slideImage': 'Image…',
    'editor.slideUp': 'Move up',
    'editor.slideDown': 'Move down',
    'editor.slideDelete': 'Delete slide',
    'editor.noSlides': 'No slide yet: add the first one.',
    'editor.noSlidesReadOnly': 'No slide yet.',
    'editor.untitled': 'Untitled',
    'editor.boardOf': '{group} — {kind}',
    'editor.phaseNow': 'Phase: {phase}',
    'notice.quarantine-applied': 'The facilitator put one of your refused edits on the board.',
    'notice.results-published': 'The results are published.',
    'notice.session-archived': 'The session is archived: everything is read-only.',
    'notice.session-unarchived': 'The session is open again.',
    'notice.roster-changed': 'The session’s people changed.',
    'notice.membership-changed': 'The facilitator moved you to another group.',
    'people.title': 'People',
    'people.add': 'Add a person',
    'people.name': 'Name',
    'people.role': 'Role',
    'people.group': 'Group',
    'people.addButton': 'Add',
    'people.added': '{name} was added: their invite link is in the invite list, shown this once.',
    'people.edit': 'Rename or move a person',
    'people.person': 'Person',
    'people.newName': 'New name',
    'people.moveTo': 'Move to group',
    'people.sameGroup': '(same group)',
    'people.editButton': 'Save',
    'people.edited': 'Saved.',
    'people.renameGroup': 'Rename a group',
    'people.renameButton': 'Rename',
    'people.groupRenamed': 'The group is now called {name}.',
    'people.export': 'Export their data',
    'people.exported': 'The data held about {name} was downloaded.',
    'people.erase': 'Erase this person…',
    'people.eraseTitle': 'Erase {name}?',
    'people.eraseConfirm': 'Erase this person',
    'people.eraseBody': 'Their name is replaced by a pseudonym everywhere Atelier keeps it, their link stops working, and the images they uploaded are deleted. Their work on the boards and their marks stay, under the pseudonym. A signed jury record keeps their name: the certifier must keep it. This cannot be undone.',
    'people.erased': 'The person was erased.',
    'audit.action.person.export': 'Person’s data exported',
    'audit.action.person.erase': 'Person erased',
    'audit.action.person.add': 'Person added',
    'audit.action.person.edit': 'Person renamed or moved',
    'audit.action.group.rename': 'Group renamed',
    'lifecycle.title': 'Archive or delete',
    'lifecycle.archiveHint': 'Archiving makes the session read-only for everyone, boards included, and stops its timers. You can open it again.',
    'lifecycle.archivedSince': 'Archived since {when}: read-only for everyone.',
    'lifecycle.archive': 'Archive the session',
    'lifecycle.unarchive': 'Open the session again',
    'lifecycle.archiveTitle': 'Archive “{title}”?',
    'lifecycle.archiveBody': 'No one can change it any more, boards included, and its timers stop, until you open it again.',
    'lifecycle.delete': 'Delete the session…',
    'lifecycle.deleteHint': 'Deleting removes its boards, images, invites, audit and scores for good; a signed jury record is kept.',
    'lifecycle.deleteTitle': 'Delete “{title}” for good?',
    'lifecycle.deleteBody': 'Its boards, images, invites, audit, quarantine and scores are deleted and cannot be brought back; its links stop working at once. A signed jury record is kept, as the certification requires.',
    'lifecycle.deleteType': 'Type the session’s title to confirm: {title}',
    'lifecycle.deleteConfirm': 'Delete for good',
    'lifecycle.deleted': 'The session “{title}” was deleted.',
    'lifecycle.purgeAt': 'Retention: this session’s data is deleted on {when}, a signed jury record aside (the server’s retention rules).',
    'lifecycle.keptForever': 'Retention: this server keeps sessions until they are deleted.',
    'lifecycle.firstDay': 'The sprint’s first day',
    'lifecycle.moveDates': 'Move the dates',
    'audit.action.session.dates': 'Dates moved',
    'audit.action.timer.start': 'Activity timer started',
    'audit.action.timer.pause': 'Activity timer paused',
    'audit.action.timer.resume': 'Activity timer resumed',
    'audit.action.timer.add': 'Time added to an activity timer',
    'audit.action.timer.stop': 'Activity timer stopped',
    'audit.action.vote.settings': 'Vote settings changed',
    'audit.action.vote.reset': 'Vote reset',
    'editor.lockedUntil': 'Read only: this board opens {when}.',
    'editor.lockedForever': 'Read only: this board stays locked for the rest of the sprint (the facilitator can reopen its phase).',
    'editor.lockedRole': 'Read only: your role reads boards but does not edit them.',
    'editor.lockedNow': 'This board has just locked: {phase} began. What you were typing is kept below; copy it if you need it.',
    'editor.lockedNowIdle': 'This board has just locked: {phase} began.',
    'editor.frozen': 'Read only: the deck is frozen while its pitch runs.',
    'editor.lockedArchived': 'Read only: the session is archived.',
    'editor.archivedNow': 'The session has been archived: every board is read-only now.',
    'editor.movedGroup': 'You were moved to another group: this board no longer takes your edits.',
    'editor.sessionDeleted': 'This session was deleted: the board is read-only and nothing more is sent.',
    'editor.accessWithdrawn': 'Your access was withdrawn: ask the facilitator for a new link.',
    'editor.openHome': 'Your boards are on your home page',
    'editor.refusedKept': 'The server refused your last edit: {reason} Nothing is lost: it is kept for the facilitator (below).',
    'editor.stopped': 'The board stopped taking your edits: {reason}',
    'editor.kept.title': 'Kept for the facilitator',
    'editor.kept.help': 'The server refused these edits and kept them; the facilitator can put them on the board. Copy a text to use it elsewhere.',
    'editor.kept.typing': 'What you were typing',
    'editor.kept.count': '{count} refused edit(s)',
    'editor.kept.copy': 'Copy',
    'editor.kept.copied': 'Copied',
    'editor.kept.close': 'Hide',
    'editor.kept.none': 'nothing to copy (a move or a deletion)',
    'editor.emptyBoard': 'This board is empty.',
    'editor.shortcuts': 'Shortcuts (?)',
    'editor.shortcutsTitle': 'Keyboard shortcuts',
    'editor.shortcutsHelp': 'Outside a text field. On a touch screen: two fingers pan and pinch to zoom.',
    'editor.colorName.#fff176': 'yellow',
    'editor.colorName.#ffcc80': 'orange',
    'editor.colorName.#f8bbd0': 'pink',
    'editor.colorName.#c5e1a5': 'green',
    'editor.colorName.#b3e5fc': 'blue',
    'editor.colorName.#d1c4e9': 'purple',
    'editor.colorName.#ffffff': 'white',
    'keys.add': 'Add a note (N), a text (T), a node (S), a frame (F), an image (I)',
    'keys.connect': 'Link the two selected items',
    'keys.order': 'Bring to front / send to back',
    'keys.zoom': 'Zoom in / out / fit',
    'keys.undo': 'Undo',
    'keys.redo': 'Redo',
    'keys.selectAll': 'Select all',
    'keys.walk': 'Walk the items (the canvas focused)',
    'keys.toggle': 'Add the focused item to the selection, or take it out',
    'keys.move': 'Move the selection (Shift: further); with nothing selected, pan',
    'keys.resize': 'Resize the selected item',
    'keys.edit': 'Edit the text of the selected item',
    'keys.escape': 'Stop editing, clear the selection',
    'keys.delete': 'Delete the selection',
    'key.ctrl': 'Ctrl',
    'key.shift': 'Shift',
    'key.enter': 'Enter',
    'key.escape': 'Esc',
    'key.space': 'Space',
    'key.delete': 'Delete',
    'keys.vote': 'Vote for the selected idea',
    'keys.help': 'This sheet',

    'board.opens': 'opens {when}',
    'board.opensPhase': 'in {phase}',
    'board.opensPhaseDay': 'in {phase}, day {day} ({date})',
    'board.opensPhaseAround': 'in {phase}, around {time}',
    'board.staysLocked': 'locked until the end',

    'phase.dayNow': 'in progress',
    'phase.timeline': 'The sprint’s phases',
    'phase.dayOpenedEarly': 'opened early',
    'phase.dayDone': 'done',
    'phase.dayDate': '{date}',
    'phase.youAreHere': 'now',
    'phase.nextDayHint': 'Day {day} has not begun: “Advance to…” will be refused until then. To move on now, use “Go to…” with an override and a reason.',
    'phase.default.empathize': 'Empathize',
    'phase.default.define': 'Define',
    'phase.default.ideate': 'Ideate',
    'phase.default.synthesize': 'Synthesize',
    'phase.default.prototype': 'Prototype',
    'phase.default.test': 'Test',
    'phase.default.pitch': 'Pitch',

    'audit.system': 'Atelier (automatic)',
    'audit.someone': 'someone no longer invited',
    'audit.otherAction': 'Other change',
    'audit.action.phase.advance': 'Phase advanced',
    'audit.action.phase.goto': 'Phase chosen',
    'audit.action.phase.override': 'Phase changed with an override',
    'audit.action.phase.auto-advance': 'Phase advanced at the end of its time box',
    'audit.action.pitch.start': 'Pitch started',
    'audit.action.pitch.stop': 'Pitch stopped',
    'audit.action.pitch.reset': 'Pitch reset',
    'audit.action.qa.start': 'Q&A started',
    'audit.action.qa.stop': 'Q&A stopped',
    'audit.action.scores.submit': 'Score sheet submitted',
    'audit.action.jury.conflict': 'Conflict of interest declared',
    'audit.action.results.early-reveal': 'Scores revealed early',
    'audit.action.invite.reissue': 'Invite link reissued',
    'audit.action.invite.revoke': 'Invite revoked',
    'audit.action.quarantine.apply': 'Refused edit applied',
    'audit.action.quarantine.discard': 'Refused edit discarded',
    'audit.action.session.create': 'Session created',
    'audit.action.session.archive': 'Session archived',
    'audit.action.session.unarchive': 'Session opened again',

    'quarantine.count': '{count} refused edit(s)',
    'quarantine.actions': 'Actions',
    'quarantine.someBoard': 'a board',
    'quarantine.unknownSender': 'someone no longer invited',
    'quarantine.noPreview': 'no preview from this server',
    'quarantine.preview': 'What it holds',
    'quarantine.noText': 'no text (moves, colours or deletions)',
    'quarantine.span': '{from} – {to}',
    'quarantine.itemAdded': '{type} added',
    'quarantine.itemChanged': '{type} changed',
    'quarantine.slidesAdded': '{count} slide(s) added',
    'quarantine.incomplete': 'no preview: these edits build on others the board does not have',

    'app.notFound': 'Not found',
    'app.noPage': 'No page at {path}.',
    'app.goHome': 'Go home',
    'token.title': 'Switch to another access?',
    'token.help': 'This link carries a different access token from the one this browser uses now.',
    'token.current': 'Now signed in as',
    'token.incoming': 'The link signs in as',
    'token.unknown': 'not recognised by the server',
    'token.keep': 'Keep the current access',
    'token.switch': 'Switch to {name}',
    'token.facilitatorWarning': 'This browser holds the facilitator’s token. Switching drops it from this browser: copy it first, or keep it.',
    'token.copyCurrent': 'Copy the facilitator’s token',
    'token.copied': 'Copied',
    'token.checking': 'Checking who each token is…',
    'token.theFacilitator': 'Facilitator',
  },
  fr: {
    'language.label': 'Langue',
    'language.fr': 'Français',
    'language.en': 'English',

    'common.loading': 'Chargement…',
    'common.retry': 'Réessayer',
    'common.refresh': 'Actualiser',
    'common.close': 'Fermer',
    'common.none': '—',
    'common.signOut': 'Se déconnecter',
    'common.signedInAs': 'Connecté·e : {name} · {role}',
    'common.signedInRole': 'Connecté·e en tant que {role}',
    'common.error': 'Un problème est survenu : {message}',
    'common.networkError': 'Le serveur est injoignable.',

    'role.facilitator': 'animateur·rice',
    'role.participant': 'participant·e',
    'role.juror': 'juré·e',
    'role.observer': 'observateur·rice',
    'role.coFacilitator': 'co-animateur·rice',
    'people.facilitator': 'l’animateur·rice',

    'signIn.title': 'Atelier',
    'signIn.lead': 'Sprints de Design Thinking, co-édités en direct.',
    'signIn.help': 'Ouvrez votre lien d’invitation pour vous connecter, ou collez votre jeton d’accès ci-dessous.',
    'signIn.token': 'Jeton d’accès',
    'signIn.tokenPlaceholder': 'Collez votre jeton',
    'signIn.submit': 'Se connecter',
    'signIn.badToken': 'Ce jeton n’est pas reconnu : {message}',
    'signIn.boardTitle': 'Ouvrir un tableau par son identifiant',
    'signIn.board': 'Identifiant du tableau',
    'signIn.boardPlaceholder': 'p. ex. demo',
    'signIn.boardPattern': 'Un identifiant de tableau ne contient pas de barre oblique',
    'signIn.openBoard': 'Ouvrir le tableau',

    'live.connecting': 'Connexion…',
    'live.online': 'En direct',
    'live.reconnecting': 'Reconnexion…',
    'live.stopped': 'Déconnecté',
    'live.closed': 'Le serveur a fermé le canal en direct :',
    'live.noReason': '(sans motif)',

    'console.title': 'Console d’animation',
    'console.sessions': 'Sessions',
    'console.noSessions': 'Aucune session pour l’instant. Créez-en une ci-dessous.',
    'console.back': '← Toutes les sessions',
    'sessions.title': 'Titre',
    'sessions.phase': 'Phase',
    'sessions.created': 'Créée le',
    'sessions.keptUntil': 'Données conservées jusqu’au',
    'sessions.keptForever': 'Conservées',
    'sessions.archived': 'archivée',
    'sessions.open': 'Ouvrir',

    'create.title': 'Nouvelle session',
    'create.fromExample': 'À partir d’un exemple',
    'create.example': 'Exemple',
    'create.noExamples': 'Aucun exemple de définition sur ce serveur.',
    'create.createExample': 'Créer la session',
    'create.fromFile': 'À partir d’un fichier de définition',
    'create.file': 'Définition de session (JSON)',
    'create.createFile': 'Téléverser et créer',
    'create.creating': 'Création…',
    'create.badJSON': 'Ce fichier n’est pas du JSON valide : vérifiez-le dans un éditeur de texte, ou partez d’un exemple.',
    'create.refused': 'La définition a été refusée : {message}',
    'create.pickFile': 'Choisissez d’abord un fichier JSON.',

    'invites.title': 'Invitations',
    'invites.onceWarning':
      'Les liens d’invitation ne sont affichés que maintenant : le serveur ne les garde que hachés. Copiez-les ou imprimez-les avant de quitter cette page. Un lien perdu peut être réémis (l’ancien cesse de fonctionner).',
    'invites.name': 'Nom',
    'invites.role': 'Rôle',
    'invites.group': 'Groupe',
    'invites.link': 'Lien d’invitation',
    'invites.status': 'État',
    'invites.online': 'en ligne',
    'invites.offline': 'hors ligne',
    'invites.revoked': 'révoquée',
    'invites.copy': 'Copier',
    'invites.copied': 'Copié',
    'invites.copyFailed': 'Échec de la copie : sélectionnez le lien et copiez-le à la main.',
    'invites.copyAll': 'Tout copier',
    'invites.print': 'Imprimer',
    'invites.reissue': 'Nouveau lien',
    'invites.revoke': 'Révoquer',
    'invites.confirmReissue': 'Donner un nouveau lien à {name} ? L’actuel cessera de fonctionner.',
    'invites.confirmRevoke': 'Révoquer l’invitation de {name} ? Son lien cessera de fonctionner et sa connexion sera fermée.',
    'invites.confirmRestore': 'Donner un nouveau lien à {name} ? Son invitation révoquée est rétablie avec.',
    'invites.hidden': 'Masqué (affiché une fois)',
    'invites.printTitle': 'Liens d’invitation — {title}',

    'phase.current': 'Phase en cours',
    'phase.day': 'Jour {day}',
    'phase.notBegun': 'pas encore commencé',
    'phase.advance': 'Avancer',
    'phase.advanceTo': 'Passer à {phase}',
    'phase.last': 'Dernière phase',
    'phase.goto': 'Aller à…',
    'phase.gotoPhase': 'Phase',
    'phase.override': 'Passer outre les règles de phase',
    'phase.reason': 'Motif (obligatoire pour passer outre)',
    'phase.reasonPlaceholder': 'p. ex. le groupe a besoin de plus de temps sur sa carte d’empathie',
    'phase.gotoSubmit': 'Aller à cette phase',
    'phase.reasonRequired': 'Indiquez le motif du passage outre.',
    'phase.refused': 'Refusé : {message}',
    'phase.moved': 'Phase : {from} → {to}',
    'phase.timeBox': '{minutes} min',

    'countdown.label': 'Temps restant — {phase}',
    'countdown.noTimeBox': 'Pas de durée fixée',
    'countdown.timeUp': 'Temps écoulé',
    'countdown.over': 'dépassement : {time}',
    'countdown.deadline': 'fin à {time}',

    'timers.title': 'Minuteurs d’activité',
    'timers.label': 'Activité',
    'timers.labelExample': 'ex. Crazy 8',
    'timers.minutes': 'Minutes',
    'timers.for': 'Pour',
    'timers.everyone': 'tout le monde',
    'timers.start': 'Lancer le minuteur',
    'timers.none': 'Aucun minuteur d’activité en cours.',
    'timers.pause': 'Pause',
    'timers.resume': 'Reprendre',
    'timers.addMinute': '+1 min',
    'timers.addMinuteTo': '+1 min pour {label}',
    'timers.stop': 'Arrêter',
    'timers.stopNamed': 'Arrêter {label}',
    'timers.paused': 'en pause',
    'timers.timeUp': 'Temps écoulé !',
    'timers.timeUpNamed': 'Temps écoulé : {label}',
    'timers.sound': 'Bip à la fin du temps',

    'follow.title': 'Suivez-moi',
    'follow.tools': 'Animer la salle',
    'follow.everyone': 'tout le monde',
    'follow.bringEveryone': 'Amener tout le monde ici',
    'follow.bringGroup': 'Amener ce groupe ici',
    'follow.stop': 'Ne plus guider ({who})',
    'follow.leadingHere': 'Vous guidez {who} vers ce tableau.',
    'follow.leadingElsewhere': 'Vous guidez {who} vers un autre tableau.',
    'follow.sent': '{who} : suit maintenant cette vue.',
    'follow.stopped': 'Plus personne ne vous suit.',
    'follow.following': 'Vous suivez {name}',
    'follow.followingFacilitator': 'Vous suivez l’animateur·rice',
    'follow.leave': 'Quitter (Échap)',
    'follow.person': 'Suivre {name}',
    'follow.noBoard': '{name} guide tout le monde vers un tableau que votre groupe n’a pas.',

    'votes.title': 'Vote',
    'votes.anonymous': 'Vote anonyme',
    'votes.budget': 'Gommettes par personne',
    'votes.setBudget': 'Appliquer',
    'votes.reveal': 'Révéler les résultats',
    'votes.hide': 'Masquer les résultats',
    'votes.reset': 'Remettre le vote à zéro',
    'votes.resetTitle': 'Remettre le vote à zéro ?',
    'votes.resetBody': 'Toutes les gommettes de ce tableau sont retirées ; chacun revote depuis zéro.',
    'votes.cast': 'Gommettes posées : {count}',
    'votes.hidden': 'résultats masqués jusqu’à leur révélation',
    'private.title': 'Brainstorm privé',
    'private.start': 'Brainstorm privé : chacun ne voit que ses propres post-it',
    'private.reveal': 'Révéler',
    'private.started': 'Le tableau est privé : chaque participant ne voit que ses propres post-it (vous les voyez tous).',
    'private.revealedStatus': 'Révélé : tout le monde voit tous les post-it.',
    'private.bannerParticipant': 'Mode privé : les autres ne voient pas vos post-it tant que l’animateur·rice ne les a pas révélés.',
    'private.bannerFacilitator': 'Mode privé : chaque participant ne voit que ses propres post-it ; vous voyez ceux de tous. « Révéler » les partage.',
    'private.bannerOther': 'Mode privé : les post-it des participants s’afficheront ici quand l’animateur·rice les aura révélés.',
    'private.revealedNotice': 'L’animateur·rice a révélé les post-it de tout le monde.',
    'checkpoints.title': 'Instantanés',
    'checkpoints.count': 'Instantanés ({count})',
    'checkpoints.label': 'Nom de l’instantané',
    'checkpoints.save': 'Enregistrer un instantané',
    'checkpoints.saved': 'Instantané « {label} » enregistré.',
    'checkpoints.none': 'Aucun instantané pour l’instant. Un instantané est enregistré à chaque changement de phase ; enregistrez-en un pour pouvoir revenir au tableau tel qu’il est.',
    'checkpoints.list': 'Les instantanés de ce tableau',
    'checkpoints.endOf': 'Fin de la phase {phase}',
    'checkpoints.meta': '{time}, en phase {phase}',
    'checkpoints.view': 'Voir',
    'checkpoints.viewLabel': 'Voir « {label} »',
    'checkpoints.compareNow': 'Comparer avec maintenant',
    'checkpoints.compareNowLabel': 'Comparer « {label} » avec maintenant',
    'checkpoints.restore': 'Restaurer',
    'checkpoints.restoreLabel': 'Restaurer « {label} »',
    'checkpoints.compareTwo': 'Comparer deux instantanés',
    'checkpoints.from': 'De',
    'checkpoints.to': 'À',
    'checkpoints.now': 'Maintenant (le tableau actuel)',
    'checkpoints.compare': 'Comparer',
    'checkpoints.asItWas': 'Tel qu’il était à « {label} »',
    'checkpoints.readOnly': 'Lecture seule : le tableau tel qu’il était à « {label} » ({time}). Le tableau lui-même n’est pas modifié.',
    'checkpoints.close': 'Fermer',
    'checkpoints.changesToNow': 'De « {from} » à maintenant',
    'checkpoints.changesTo': 'De « {from} » à « {to} »',
    'checkpoints.summary': '{added} ajouté(s), {removed} retiré(s), {changed} modifié(s)',
    'checkpoints.noChange': 'Aucun changement : le tableau est le même.',
    'checkpoints.added': 'Ajoutés ({count})',
    'checkpoints.removed': 'Retirés ({count})',
    'checkpoints.changed': 'Modifiés ({count})',
    'checkpoints.slides': 'Diapositives : {from} → {to}',
    'checkpoints.outsideZones': 'Hors des zones',
    'checkpoints.onBoard': 'Sur le tableau',
    'checkpoints.untitled': '({type} sans texte)',
    'checkpoints.type.note': 'post-it',
    'checkpoints.type.text': 'texte',
    'checkpoints.type.image': 'image',
    'checkpoints.type.shape': 'forme',
    'checkpoints.type.frame': 'cadre',
    'checkpoints.type.connector': 'lien',
    'checkpoints.field.text': 'texte',
    'checkpoints.field.moved': 'déplacé',
    'checkpoints.field.resized': 'redimensionné',
    'checkpoints.field.color': 'couleur',
    'checkpoints.field.order': 'ordre',
    'checkpoints.field.votes': 'gommettes',
    'checkpoints.field.image': 'image',
    'checkpoints.field.link': 'lien',
    'checkpoints.restoreTitle': 'Restaurer « {label} » ?',
    'checkpoints.restoreBody': 'Le tableau redevient tel qu’il était à « {label} », pour tous ceux qui l’ont ouvert. Rien n’est perdu : le tableau actuel reste dans son historique, enregistré d’abord comme l’instantané « {before} », et les post-it ajoutés hors ligne s’y ajoutent quand leurs auteurs se reconnectent.',
    'checkpoints.beforeRestore': 'Avant de restaurer “{label}”',
    'checkpoints.restored': '« {label} » restauré : {summary}.',
    'checkpoints.loading': 'Chargement…',
    'timer.warning': 'Plus que {time} dans cette phase.',
    'timer.timeup': 'Le temps de cette phase est écoulé.',
    'timer.late': '(envoyé en retard : le serveur était arrêté à ce moment)',

    'groups.title': 'Groupes et tableaux',
    'groups.online': 'En ligne',
    'groups.nobodyOnline': 'personne en ligne',
    'board.writable': 'ouvert',
    'board.locked': 'verrouillé',
    'board.open': 'Ouvrir',

    'audit.title': 'Journal d’audit',
    'audit.empty': 'Rien d’enregistré pour l’instant.',
    'audit.at': 'Quand',
    'audit.actor': 'Qui',
    'audit.action': 'Quoi',
    'audit.change': 'De → à',
    'audit.reason': 'Motif',

    'quarantine.title': 'Quarantaine',
    'quarantine.help': 'Modifications refusées par le serveur (tableau verrouillé dans cette phase, ou limite de diapositives), une entrée par série de frappes. Rien n’est perdu : appliquez une entrée pour tout mettre sur le tableau, ou écartez-la.',
    'quarantine.empty': 'Aucune modification refusée.',
    'quarantine.at': 'Quand',
    'quarantine.board': 'Tableau',
    'quarantine.sender': 'Auteur·rice',
    'quarantine.reason': 'Motif',
    'quarantine.status': 'État',
    'quarantine.apply': 'Appliquer',
    'quarantine.discard': 'Écarter',
    'quarantine.confirmDiscard': 'Écarter définitivement cette modification refusée ?',
    'quarantine.status.pending': 'en attente',
    'quarantine.status.applied': 'appliquée',
    'quarantine.status.discarded': 'écartée',

    'home.yourGroup': 'Votre groupe : {group}',
    'home.yourBoards': 'Vos tableaux',
    'home.pitchGroups': 'Les pitchs des groupes',
    'home.pitchGroupsHelp': 'Chaque scène montre le support du groupe pendant sa présentation ; les tableaux s’ouvrent en lecture seule.',
    'home.noGroup': 'Vous n’êtes dans aucun groupe : pas de tableau de groupe à afficher.',
    'home.accessWithdrawn': 'Votre accès a été retiré ; demandez un nouveau lien à l’animateur·rice.',
    'home.noSession': 'Cette invitation n’appartient plus à aucune session.',
    'home.boardsOpen': '{open} tableau(x) sur {total} ouvert(s) à l’édition',
    'home.lockedHelp': 'Les tableaux verrouillés restent lisibles ; chacun indique s’il rouvre, et quand.',

    'stage.title': 'Scène — {group}',
    'stage.signInFirst': 'Vous n’êtes pas connecté sur ce navigateur. Ouvrez votre lien d’invitation, ou collez un jeton sur la',
    'stage.home': 'page d’accueil',
    'results.notForRole': 'La page des résultats n’est pas accessible à votre rôle. Votre page est la',
    'stage.untitled': 'Sans titre',
    'stage.slideOf': 'Diapositive {n} / {count}',
    'stage.slideNumber': 'Diapositive {n}',
    'stage.waiting': 'Le pitch n’a pas encore commencé',
    'stage.thanks': 'Merci !',
    'stage.qaTitle': 'Questions du jury',
    'stage.qaHelp': 'Le jury questionne ; le groupe répond.',
    'stage.pitchTimer': 'Pitch',
    'stage.qaTimer': 'Questions-réponses',
    'stage.keysHint': '← → changer de diapositive · F plein écran',
    'stage.fullScreenHint': 'F plein écran',
    'stage.previous': 'Diapositive précédente',
    'stage.next': 'Diapositive suivante',
    'stage.overrideReason': 'Motif pour lancer hors de la phase de pitch',
    'stage.startOverride': 'Lancer quand même (dérogation)',

    'pitch.left': 'restant',
    'pitch.overtime': 'dépassement',
    'pitch.notStarted': 'pas commencé',
    'pitch.stoppedInTime': 'arrêté, dans le temps',
    'pitch.stoppedOver': 'arrêté, dépassement de {time}',
    'pitch.start': 'Lancer le pitch',
    'pitch.stop': 'Arrêter le pitch',
    'pitch.startQA': 'Lancer les questions',
    'pitch.stopQA': 'Arrêter les questions',

    'qa.title': 'Questions et réponses',
    'qa.keysHint': 'Q question · O objection · R remarque, puis Entrée',
    'qa.kind': 'Type',
    'qa.kind.question': 'Question',
    'qa.kind.objection': 'Objection',
    'qa.kind.remark': 'Remarque',
    'qa.placeholder.question': 'La question posée…',
    'qa.placeholder.objection': 'L’objection soulevée…',
    'qa.placeholder.remark': 'La remarque faite…',
    'qa.textLabel': 'Ce qui a été dit',
    'qa.log': 'Noter',
    'qa.answerLabel': 'Réponse (résumé)',
    'qa.answerPlaceholder': 'Ce que le groupe a répondu',
    'qa.save': 'Enregistrer',
    'qa.cancel': 'Annuler',
    'qa.askedAt': 'posée à {time}',
    'qa.answeredAt': 'répondue à {time}',
    'qa.edited': 'modifiée {count}×',
    'qa.markAnswered': 'Répondue',
    'qa.edit': 'Modifier',
    'qa.empty': 'Rien de noté pour l’instant. Appuyez sur Q, O ou R pour noter.',

    'sheet.title': 'Grille de notation',
    'sheet.scale': 'échelle {min}–{max} par {step}',
    'sheet.draft': 'brouillon',
    'sheet.submitted': 'remise',
    'sheet.lockedAt': 'Remise à {time} : la grille est verrouillée.',
    'sheet.overtime': 'Dépassement mesuré : {time}',
    'sheet.inTime': 'Mesuré : dans le temps',
    'sheet.overtimeUnknown': 'Dépassement : connu à l’arrêt du pitch',
    'sheet.clear': 'effacer',
    'sheet.comment': 'Commentaire',
    'sheet.commentPlaceholder': 'Commentaire (facultatif)',
    'sheet.progress': '{n} critère(s) noté(s) sur {total}',
    'sheet.unsaved': 'non enregistré',
    'sheet.save': 'Enregistrer le brouillon',
    'sheet.submit': 'Remettre',
    'sheet.savedDraft': 'Brouillon enregistré. Vous seul·e le voyez.',
    'sheet.submittedOk': 'Grille remise. Merci.',
    'sheet.refused': 'Refusé : {message}',

    'jury.title': 'Jury',
    'jury.groups': 'Groupes',
    'jury.live': 'en cours',
    'jury.submitted': 'remise',
    'jury.excluded': 'exclu·e',
    'jury.you': 'vous',
    'jury.pitchOf': 'Pitch — {group}',
    'jury.openStage': 'Ouvrir la scène ↗',
    'jury.conflict': 'Déclarer un conflit d’intérêts',
    'jury.conflictHelp': 'Vous ne noterez pas ce groupe ; l’animateur·rice le voit dans le journal d’audit.',
    'jury.conflictReason': 'Motif (facultatif)',
    'jury.conflictSubmit': 'Déclarer et me retirer',
    'jury.excludedHelp': 'Vous ne notez pas ce groupe (conflit d’intérêts déclaré, ou non affecté·e).',

    'results.title': 'Résultats',
    'results.back': '← Retour à la session',
    'results.exports': 'Exports',
    'results.csvComma': 'Groupes (CSV)',
    'results.csvSemicolon': 'Groupes (CSV, point-virgule)',
    'results.help': 'Candidats : une ligne par candidat, épreuve, évaluateur et critère, avec la note, la proposition et la décision. Groupes : une ligne par groupe, juré·e et critère. Les fichiers à points-virgules conviennent aux tableurs réglés en français.',
    'results.hidden': 'masqué tant que tous les jurés n’ont pas remis',
    'results.complete': 'tous les jurés ont remis',
    'results.revealed': 'révélé en avance',
    'results.waiting': '{n} remise(s) sur {total}',
    'results.submitted': 'remise',
    'results.pending': 'en attente',
    'results.overtime': 'dépassement {time}',
    'results.inTime': 'dans le temps',
    'results.criterion': 'Critère',
    'results.mean': 'Moyenne',
    'results.spread': 'Écart',
    'results.flag': 'Délibération',
    'results.flagHelp': 'Les jurés diffèrent de 2 points ou plus',
    'results.deliberate': 'à délibérer',
    'results.report': 'Rapport imprimable ↗',
    'results.revealEarly': 'Révéler en avance…',
    'results.revealReason': 'Motif (inscrit au journal d’audit)',
    'results.revealSubmit': 'Révéler les notes',
    'confirm.cancel': 'Annuler',
    'sheet.confirmTitle': 'Remettre cette grille ?',
    'sheet.confirmBody': 'La remise verrouille votre grille et ses notes individuelles ({overrides} en tout) : vous ne pourrez plus les modifier. Les autres membres du jury voient vos notes une fois que tout le jury du groupe a remis sa grille.',
    'sheet.confirmSubmit': 'Remettre et verrouiller',
    'sheet.recordClosed': 'Le procès-verbal du jury est signé : les notes ne peuvent plus changer.',
    'overrides.title': 'Par candidat',
    'overrides.help': 'Chaque candidat reçoit les notes du groupe. Pour noter autrement un candidat sur un critère, ouvrez sa partie et choisissez un autre palier ; « Groupe » lui rend la note du groupe.',
    'overrides.follow': 'Groupe : {score}',
    'overrides.followNone': 'Groupe (non noté)',
    'overrides.badge': 'Note individuelle',
    'overrides.none': 'notes du groupe',
    'overrides.one': '1 note individuelle',
    'overrides.count': '{count} notes individuelles',
    'overrides.comment': 'Commentaire pour {name}',
    'overrides.commentPlaceholder': 'Pourquoi ce candidat se distingue (facultatif)',
    'candidates.title': 'Résultats par candidat',
    'candidates.help': 'La certification évalue chaque candidat, épreuve par épreuve : la note sur 20 sur les critères de l’épreuve, la proposition d’Atelier au regard du seuil, puis la décision du jury. Les notes apparaissent quand tout le jury du groupe a remis sa grille.',
    'candidates.none': 'Aucun candidat pour l’instant.',
    'candidates.candidate': 'Candidat',
    'candidates.assessment': 'Épreuve',
    'candidates.mark': 'Note /20',
    'candidates.passMark': 'Seuil',
    'candidates.proposal': 'Proposition',
    'candidates.decision': 'Décision',
    'candidates.justification': 'Justification',
    'candidates.scores': 'Notes',
    'candidates.scoresOf': 'Notes {ofName}',
    'candidates.assessor': '{name} :',
    'candidates.facilitator': 'l’animateur·rice',
    'candidates.byFacilitator': 'noté par l’animateur·rice',
    'verdict.validated': 'Validé',
    'verdict.not-validated': 'Non validé',
    'verdict.deferred': 'Ajourné',
    'verdict.absent': 'Absent',
    'verdict.overall': 'Résultat global (pondéré)',
    'delib.title': 'Délibération',
    'delib.stateOpen': 'en cours',
    'delib.stateClosed': 'signé · version {version}',
    'delib.statePublished': 'signé et publié',
    'delib.signedNotice': 'Le procès-verbal est signé (version {version}) : il ne peut plus changer. Notes, décisions et questions sont en lecture seule ; le président peut le rouvrir en donnant un motif, ce qui crée une nouvelle version.',
    'delib.signedBadge': 'signé',
    'delib.openRecord': 'Procès-verbal signé ↗',
    'delib.candidatesCSV': 'Candidats (CSV, virgule)',
    'delib.candidatesCSVSemicolon': 'Candidats (CSV, point-virgule)',
    'delib.signatures': 'Signatures',
    'delib.president': 'président·e',
    'delib.signedAt': 'a signé à {time}',
    'delib.notSigned': 'n’a pas encore signé',
    'delib.signHelp': 'Chaque membre du jury signe le procès-verbal tel qu’il est. Tout changement des notes ou des décisions efface toutes les signatures : signez de nouveau une fois qu’elles sont arrêtées.',
    'delib.signatureCleared': 'Le procès-verbal a changé depuis votre signature (notes ou décisions) : relisez-le et signez de nouveau.',
    'delib.reopenedByPresident': 'Le président a rouvert le procès-verbal : relisez-le et signez-le de nouveau.',
    'delib.reopenedBecause': 'Le président a rouvert la version {version} du procès-verbal : « {reason} ». Relisez-le ; chaque juré le signe de nouveau avant sa clôture.',
    'delib.sign': 'Signer le procès-verbal',
    'delib.signedOk': 'Signé.',
    'delib.close': 'Clore le procès-verbal…',
    'delib.closeTitle': 'Clore et signer le procès-verbal ?',
    'delib.closeBody': 'Chaque candidat sans décision enregistrée reçoit la proposition. Le procès-verbal est alors signé avec son empreinte, et plus rien du travail du jury ne peut changer, sauf à le rouvrir avec un motif.',
    'delib.closeConfirm': 'Clore le procès-verbal',
    'delib.closedOk': 'Le procès-verbal est clos et signé.',
    'delib.reopen': 'Rouvrir…',
    'delib.reopenReason': 'Motif (inscrit au journal d’audit)',
    'delib.reopenSubmit': 'Rouvrir le procès-verbal',
    'delib.reopenedOk': 'Le procès-verbal est rouvert : la prochaine clôture créera une nouvelle version.',
    'delib.publish': 'Publier les résultats…',
    'delib.publishTitle': 'Publier les résultats ?',
    'delib.publishBody': 'Chaque candidat verra son propre résultat et sa page du procès-verbal signé.',
    'delib.publishConfirm': 'Publier',
    'delib.publishedOk': 'Publié : chaque candidat voit son propre résultat.',
    'delib.acting': 'Présidents suppléants',
    'delib.actingHelp': 'Le président ne note pas ces groupes (conflit d’intérêts, ou pas affecté) : désignez le membre du jury qui décide pour eux.',
    'delib.actingJuror': 'Membre du jury',
    'delib.actingReason': 'Motif (facultatif)',
    'delib.actingSubmit': 'Désigner comme président suppléant',
    'delib.presidedBy': 'Décisions : {name}',
    'delib.noPresident': 'Personne ne décide encore pour ce groupe : le président ne le note pas, et l’animateur·rice n’a pas désigné de président suppléant.',
    'delib.decisionFor': 'Décision pour {who}',
    'delib.justificationFor': 'Justification pour {who}',
    'delib.choose': 'Choisir…',
    'delib.chooseFirst': 'Choisissez d’abord une décision.',
    'delib.recorded': 'enregistrée',
    'delib.notRecorded': 'non enregistrée : la proposition s’applique à la clôture',
    'delib.justificationRequired': 'Obligatoire : cette décision s’écarte de la proposition.',
    'delib.justificationOptional': 'Facultative : la décision suit la proposition.',
    'delib.justificationMissing': 'Cette décision s’écarte de la proposition (ou il n’y a pas encore de proposition) : rédigez une justification, puis enregistrez.',
    'delib.record': 'Enregistrer',
    'delib.notSignedYet': 'Pas encore signé : {names}.',
    'delib.noMarkYet': 'Pas encore de note pour : {list}.',
    'doc.signInFirst': 'Vous n’êtes pas connecté sur ce navigateur : ce fichier s’ouvre avec votre propre accès. Ouvrez votre lien d’invitation, ou collez un jeton sur la',
    'doc.downloadedTitle': 'Téléchargé',
    'doc.downloaded': '{name} est dans vos téléchargements.',
    'doc.downloadAgain': 'Télécharger de nouveau',
    'doc.noRecord': 'Pas encore de procès-verbal signé : le président du jury le clôt après la délibération.',
    'doc.refusedTitle': 'Ce fichier ne peut pas être affiché',
    'facScores.title': 'Évaluation de l’animateur·rice',
    'facScores.help': 'Les critères que la définition vous confie, à vous qui avez suivi les trois jours : notez chaque candidat.',
    'facScores.notScored': 'Non noté',
    'facScores.save': 'Enregistrer les notes : {group}',
    'facScores.saved': 'Enregistré.',
    'facScores.progress': '{n} sur {total} notés',
    'myResult.title': 'Votre résultat',
    'myResult.help': 'Les décisions du jury vous concernant, telles que signées dans son procès-verbal.',
    'myResult.record': 'Votre page du procès-verbal ↗',
    'problem.title': 'Votre problématique',
    'problem.help': 'Rédigez la problématique sur laquelle votre groupe va travailler. L’animateur·rice l’approuve avant que le sprint avance ; un nouveau texte demande une nouvelle approbation.',
    'problem.helpLocked': 'La problématique sur laquelle travaille votre groupe.',
    'problem.label': 'Problématique',
    'problem.placeholder': 'Comment pourrions-nous…',
    'problem.save': 'Enregistrer la problématique',
    'problem.saved': 'Enregistrée. L’animateur·rice l’approuve.',
    'problem.approved': 'approuvée',
    'problem.waiting': 'en attente d’approbation',
    'problem.none': 'pas encore rédigée',
    'problem.writtenBy': 'Rédigée par {who}, {time}',
    'problem.approvedAt': 'approuvée à {time}',
    'problem.you': 'vous',
    'problem.theFacilitator': 'l’animateur·rice',
    'problem.someone': 'un membre du groupe',
    'problem.newerElsewhere': 'Quelqu’un a enregistré une autre version entre-temps ; la vôtre n’est pas encore enregistrée. Enregistrez-la pour remplacer la sienne.',
    'problems.title': 'Problématiques',
    'problems.help': 'Chaque groupe rédige sa problématique pendant la phase de définition ; le sprint avance une fois toutes approuvées.',
    'problems.waitingCount': '{count} sur {total} en attente',
    'problems.allApproved': 'toutes approuvées',
    'problems.notWritten': 'Pas encore rédigée.',
    'problems.approve': 'Approuver la problématique : {group}',
    'problems.missing': 'Encore en attente : {groups}.',
    'results.candidatesCsvComma': 'Candidats (CSV)',
    'results.candidatesCsvSemicolon': 'Candidats (CSV, point-virgule)',
    'results.forInformation': 'pour information',
    'results.groupsInfo': 'Groupes (pour information)',
    'results.perCandidate': 'noté par candidat par l’animateur·rice',

    'pitchLinks.title': 'Pitchs',
    'pitchLinks.stage': 'Scène ↗',
    'pitchLinks.results': 'Résultats',

    'editor.title': 'Tableau',
    'editor.signInFirst': 'Vous n’êtes pas connecté sur ce navigateur. Ouvrez votre lien d’invitation, ou collez un jeton sur la',
    'editor.home': 'page d’accueil',
    'editor.canvasRole': 'tableau',
    'editor.canvasLabel': 'Tableau : Tab parcourt les éléments, Entrée édite, les flèches déplacent, Suppr supprime',
    'editor.people': 'Sur ce tableau',
    'editor.you': 'vous',
    'editor.toolbar': 'Outils du tableau',
    'editor.type.note': 'Post-it',
    'editor.type.text': 'Texte',
    'editor.type.image': 'Image',
    'editor.type.shape': 'Nœud',
    'editor.type.frame': 'Case',
    'editor.type.connector': 'Lien',
    'editor.shortcut.note': 'Nouveau post-it (N)',
    'editor.shortcut.text': 'Nouveau texte (T)',
    'editor.shortcut.shape': 'Nouveau nœud (S)',
    'editor.shortcut.frame': 'Nouvelle case de storyboard (F)',
    'editor.connect': 'Relier',
    'editor.connectHelp': 'Sélectionnez deux éléments, puis reliez-les (C)',
    'editor.color': 'Couleur',
    'editor.colorNamed': 'Couleur {color}',
    'editor.front': 'Premier plan',
    'editor.back': 'Arrière-plan',
    'editor.delete': 'Supprimer',
    'editor.undo': 'Annuler',
    'editor.redo': 'Rétablir',
    'editor.zoomIn': 'Zoom avant',
    'editor.zoomOut': 'Zoom arrière',
    'editor.fit': 'Ajuster',
    'editor.variant': 'Disposition',
    'editor.variantCanvas': 'Carte d’empathie (canevas)',
    'editor.variantClassic': 'Dit / pense / fait / ressent',
    'editor.votes': '{used} gommettes utilisées sur {budget}',
    'editor.voteCount': 'Voter (gommettes : {count})',
    'editor.voteMine': 'Votre gommette (vote anonyme) : la retirer',
    'editor.voteNone': 'Voter (anonyme : résultats visibles une fois révélés)',
    'editor.voteHelp': 'Voter pour cette idée (V) ; {budget} votes chacun',
    'editor.overBudget': 'Vous avez utilisé vos {budget} votes : retirez-en un pour voter à nouveau.',
    'editor.exportSVG': 'Exporter en SVG',
    'editor.exportPNG': 'Exporter en PNG',
    'editor.editText': 'Texte de l’élément',
    'editor.emptyText': 'Double-cliquez pour écrire',
    'editor.emptyTextTouch': 'Touchez deux fois pour écrire',
    'editor.frameSketch': 'Croquis : déposez une image ici',
    'editor.readOnly': 'Lecture seule : ce tableau est verrouillé pendant cette phase',
    'editor.readOnlyRefused': 'Lecture seule : le serveur a refusé une modification',
    'editor.refused': 'Le serveur a refusé une modification : {reason}. Le tableau a été rechargé depuis le serveur ; rien de ce que vous avez saisi n’est perdu, l’animateur·rice peut le réappliquer.',
    'editor.noReason': 'aucune raison donnée',
    'editor.state.connecting': 'Connexion…',
    'editor.state.online': 'En ligne',
    'editor.state.reconnecting': 'Reconnexion…',
    'editor.state.offline': 'Hors ligne',
    'editor.state.stopped': 'Non connecté',
    'editor.unsynced': '{count} modification(s) pas encore envoyée(s), conservée(s) sur cet appareil',
    'editor.uploadType': 'Seules les images PNG, JPEG, WebP et GIF peuvent être ajoutées.',
    'editor.uploadSize': 'Cette image dépasse 10 Mio.',
    'editor.uploadFailed': 'L’image a été refusée : {message}',
    'editor.addSlide': '+ Diapositive',
    'editor.slideCount': '{count} sur {limit} diapositives',
    'editor.slideLimitReached': 'Le support est complet.',
    'editor.slideTitle': 'Titre de la diapositive',
    'editor.slideBody': 'Ce que dit cette diapositive',
    'editor.slideNotes': 'Notes de l’orateur',
    'editor.slideImage': 'Image…',
    'editor.slideUp': 'Monter',
    'editor.slideDown': 'Descendre',
    'editor.slideDelete': 'Supprimer la diapositive',
    'editor.noSlides': 'Aucune diapositive : ajoutez la première.',
    'editor.noSlidesReadOnly': 'Aucune diapositive pour l’instant.',
    'editor.untitled': 'Sans titre',
    'editor.boardOf': '{group} — {kind}',
    'editor.phaseNow': 'Phase : {phase}',
    'notice.quarantine-applied': 'L’animateur·rice a mis sur le tableau l’une de vos modifications refusées.',
    'notice.results-published': 'Les résultats sont publiés.',
    'notice.session-archived': 'La session est archivée : tout est en lecture seule.',
    'notice.session-unarchived': 'La session est de nouveau ouverte.',
    'notice.roster-changed': 'Les personnes de la session ont changé.',
    'notice.membership-changed': 'L’animateur·rice vous a déplacé·e dans un autre groupe.',
    'people.title': 'Personnes',
    'people.add': 'Ajouter une personne',
    'people.name': 'Nom',
    'people.role': 'Rôle',
    'people.group': 'Groupe',
    'people.addButton': 'Ajouter',
    'people.added': '{name} a été ajouté·e : son lien d’invitation est dans la liste des invitations, affiché cette fois seulement.',
    'people.edit': 'Renommer ou déplacer une personne',
    'people.person': 'Personne',
    'people.newName': 'Nouveau nom',
    'people.moveTo': 'Déplacer dans le groupe',
    'people.sameGroup': '(même groupe)',
    'people.editButton': 'Enregistrer',
    'people.edited': 'Enregistré.',
    'people.renameGroup': 'Renommer un groupe',
    'people.renameButton': 'Renommer',
    'people.groupRenamed': 'Le groupe s’appelle désormais {name}.',
    'people.export': 'Exporter ses données',
    'people.exported': 'Les données détenues sur {name} ont été téléchargées.',
    'people.erase': 'Effacer cette personne…',
    'people.eraseTitle': 'Effacer {name} ?',
    'people.eraseConfirm': 'Effacer cette personne',
    'people.eraseBody': 'Son nom est remplacé par un pseudonyme partout où Atelier le conserve, son lien cesse de fonctionner et les images qu’elle a déposées sont supprimées. Son travail sur les tableaux et ses notes restent, sous le pseudonyme. Un procès-verbal signé garde son nom : le certificateur doit le conserver. C’est irréversible.',
    'people.erased': 'La personne a été effacée.',
    'audit.action.person.export': 'Données d’une personne exportées',
    'audit.action.person.erase': 'Personne effacée',
    'audit.action.person.add': 'Personne ajoutée',
    'audit.action.person.edit': 'Personne renommée ou déplacée',
    'audit.action.group.rename': 'Groupe renommé',
    'lifecycle.title': 'Archiver ou supprimer',
    'lifecycle.archiveHint': 'Archiver met la session en lecture seule pour tout le monde, tableaux compris, et arrête ses minuteurs. Vous pourrez la rouvrir.',
    'lifecycle.archivedSince': 'Archivée depuis le {when} : lecture seule pour tout le monde.',
    'lifecycle.archive': 'Archiver la session',
    'lifecycle.unarchive': 'Rouvrir la session',
    'lifecycle.archiveTitle': 'Archiver « {title} » ?',
    'lifecycle.archiveBody': 'Plus personne ne pourra la modifier, tableaux compris, et ses minuteurs s’arrêtent, jusqu’à ce que vous la rouvriez.',
    'lifecycle.delete': 'Supprimer la session…',
    'lifecycle.deleteHint': 'Supprimer efface définitivement ses tableaux, images, invitations, journal et notes ; un procès-verbal signé est conservé.',
    'lifecycle.deleteTitle': 'Supprimer définitivement « {title} » ?',
    'lifecycle.deleteBody': 'Ses tableaux, images, invitations, journal, quarantaine et notes sont effacés sans retour possible ; ses liens cessent aussitôt de fonctionner. Un procès-verbal signé est conservé, comme l’exige la certification.',
    'lifecycle.deleteType': 'Tapez le titre de la session pour confirmer : {title}',
    'lifecycle.deleteConfirm': 'Supprimer définitivement',
    'lifecycle.deleted': 'La session « {title} » a été supprimée.',
    'lifecycle.purgeAt': 'Conservation : les données de cette session seront supprimées le {when}, hors procès-verbal signé (règles de conservation du serveur).',
    'lifecycle.keptForever': 'Conservation : ce serveur garde les sessions jusqu’à leur suppression.',
    'lifecycle.firstDay': 'Premier jour du sprint',
    'lifecycle.moveDates': 'Déplacer les dates',
    'audit.action.session.dates': 'Dates déplacées',
    'audit.action.timer.start': 'Minuteur d’activité lancé',
    'audit.action.timer.pause': 'Minuteur d’activité mis en pause',
    'audit.action.timer.resume': 'Minuteur d’activité repris',
    'audit.action.timer.add': 'Temps ajouté à un minuteur d’activité',
    'audit.action.timer.stop': 'Minuteur d’activité arrêté',
    'audit.action.vote.settings': 'Réglages du vote modifiés',
    'audit.action.vote.reset': 'Vote remis à zéro',
    'editor.lockedUntil': 'Lecture seule : ce tableau ouvre {when}.',
    'editor.lockedForever': 'Lecture seule : ce tableau reste verrouillé jusqu’à la fin du sprint (l’animateur·rice peut rouvrir sa phase).',
    'editor.lockedRole': 'Lecture seule : votre rôle permet de lire les tableaux, pas de les modifier.',
    'editor.lockedNow': 'Ce tableau vient de se verrouiller : la phase {phase} a commencé. Ce que vous écriviez est conservé ci-dessous ; copiez-le si besoin.',
    'editor.lockedNowIdle': 'Ce tableau vient de se verrouiller : la phase {phase} a commencé.',
    'editor.frozen': 'Lecture seule : le support est figé pendant son pitch.',
    'editor.lockedArchived': 'Lecture seule : la session est archivée.',
    'editor.archivedNow': 'La session vient d’être archivée : tous les tableaux sont en lecture seule.',
    'editor.movedGroup': 'Vous avez été déplacé·e dans un autre groupe : ce tableau ne prend plus vos modifications.',
    'editor.sessionDeleted': 'Cette session a été supprimée : le tableau est en lecture seule et plus rien n’est envoyé.',
    'editor.accessWithdrawn': 'Votre accès a été retiré : demandez un nouveau lien à l’animateur·rice.',
    'editor.openHome': 'Vos tableaux sont sur votre page d’accueil',
    'editor.refusedKept': 'Le serveur a refusé votre dernière modification : {reason} Rien n’est perdu : elle est conservée pour l’animateur·rice (ci-dessous).',
    'editor.stopped': 'Le tableau ne prend plus vos modifications : {reason}',
    'editor.kept.title': 'Conservé pour l’animateur·rice',
    'editor.kept.help': 'Le serveur a refusé ces modifications et les a conservées ; l’animateur·rice peut les mettre sur le tableau. Copiez un texte pour l’utiliser ailleurs.',
    'editor.kept.typing': 'Ce que vous écriviez',
    'editor.kept.count': '{count} modification(s) refusée(s)',
    'editor.kept.copy': 'Copier',
    'editor.kept.copied': 'Copié',
    'editor.kept.close': 'Masquer',
    'editor.kept.none': 'rien à copier (un déplacement ou une suppression)',
    'editor.emptyBoard': 'Ce tableau est vide.',
    'editor.shortcuts': 'Raccourcis (?)',
    'editor.shortcutsTitle': 'Raccourcis clavier',
    'editor.shortcutsHelp': 'Hors d’un champ de texte. Sur écran tactile : deux doigts pour se déplacer, pincer pour zoomer.',
    'editor.colorName.#fff176': 'jaune',
    'editor.colorName.#ffcc80': 'orange',
    'editor.colorName.#f8bbd0': 'rose',
    'editor.colorName.#c5e1a5': 'vert',
    'editor.colorName.#b3e5fc': 'bleu',
    'editor.colorName.#d1c4e9': 'violet',
    'editor.colorName.#ffffff': 'blanc',
    'keys.add': 'Ajouter un post-it (N), un texte (T), un nœud (S), une case (F), une image (I)',
    'keys.connect': 'Relier les deux éléments sélectionnés',
    'keys.order': 'Premier plan / arrière-plan',
    'keys.zoom': 'Zoom avant / arrière / ajuster',
    'keys.undo': 'Annuler',
    'keys.redo': 'Rétablir',
    'keys.selectAll': 'Tout sélectionner',
    'keys.walk': 'Parcourir les éléments (tableau actif)',
    'keys.toggle': 'Ajouter l’élément actif à la sélection, ou l’en retirer',
    'keys.move': 'Déplacer la sélection (Maj : plus loin) ; sans sélection, se déplacer',
    'keys.resize': 'Redimensionner l’élément sélectionné',
    'keys.edit': 'Écrire dans l’élément sélectionné',
    'keys.escape': 'Arrêter d’écrire, vider la sélection',
    'keys.delete': 'Supprimer la sélection',
    'key.ctrl': 'Ctrl',
    'key.shift': 'Maj',
    'key.enter': 'Entrée',
    'key.escape': 'Échap',
    'key.space': 'Espace',
    'key.delete': 'Suppr',
    'keys.vote': 'Voter pour l’idée sélectionnée',
    'keys.help': 'Cette aide',

    'board.opens': 'ouvre {when}',
    'board.opensPhase': 'en {phase}',
    'board.opensPhaseDay': 'en {phase}, jour {day} ({date})',
    'board.opensPhaseAround': 'en {phase}, vers {time}',
    'board.staysLocked': 'verrouillé jusqu’à la fin',

    'phase.dayNow': 'en cours',
    'phase.timeline': 'Les phases du sprint',
    'phase.dayOpenedEarly': 'ouvert en avance',
    'phase.dayDone': 'terminé',
    'phase.dayDate': '{date}',
    'phase.youAreHere': 'en cours',
    'phase.nextDayHint': 'Le jour {day} n’a pas commencé : « Passer à… » sera refusé d’ici là. Pour avancer maintenant, utilisez « Aller à… » avec une dérogation et un motif.',
    'phase.default.empathize': 'Empathie',
    'phase.default.define': 'Définition',
    'phase.default.ideate': 'Idéation',
    'phase.default.synthesize': 'Synthèse',
    'phase.default.prototype': 'Prototypage',
    'phase.default.test': 'Test',
    'phase.default.pitch': 'Pitch',

    'audit.system': 'Atelier (automatique)',
    'audit.someone': 'une personne qui n’est plus invitée',
    'audit.otherAction': 'Autre modification',
    'audit.action.phase.advance': 'Phase suivante',
    'audit.action.phase.goto': 'Phase choisie',
    'audit.action.phase.override': 'Phase changée par dérogation',
    'audit.action.phase.auto-advance': 'Phase suivante à la fin du temps imparti',
    'audit.action.pitch.start': 'Pitch lancé',
    'audit.action.pitch.stop': 'Pitch arrêté',
    'audit.action.pitch.reset': 'Pitch réinitialisé',
    'audit.action.qa.start': 'Questions lancées',
    'audit.action.qa.stop': 'Questions arrêtées',
    'audit.action.scores.submit': 'Grille remise',
    'audit.action.jury.conflict': 'Conflit d’intérêts déclaré',
    'audit.action.results.early-reveal': 'Notes révélées en avance',
    'audit.action.invite.reissue': 'Nouveau lien d’invitation',
    'audit.action.invite.revoke': 'Invitation révoquée',
    'audit.action.quarantine.apply': 'Modification refusée appliquée',
    'audit.action.quarantine.discard': 'Modification refusée écartée',
    'audit.action.session.create': 'Session créée',
    'audit.action.session.archive': 'Session archivée',
    'audit.action.session.unarchive': 'Session rouverte',

    'quarantine.count': '{count} modification(s) refusée(s)',
    'quarantine.actions': 'Actions',
    'quarantine.someBoard': 'un tableau',
    'quarantine.unknownSender': 'une personne qui n’est plus invitée',
    'quarantine.noPreview': 'pas d’aperçu sur ce serveur',
    'quarantine.preview': 'Contenu',
    'quarantine.noText': 'pas de texte (déplacements, couleurs ou suppressions)',
    'quarantine.span': '{from} – {to}',
    'quarantine.itemAdded': 'ajout : {type}',
    'quarantine.itemChanged': 'modification : {type}',
    'quarantine.slidesAdded': '{count} diapositive(s) ajoutée(s)',
    'quarantine.incomplete': 'pas d’aperçu : ces modifications s’appuient sur d’autres que le tableau n’a pas',

    'app.notFound': 'Introuvable',
    'app.noPage': 'Aucune page à l’adresse {path}.',
    'app.goHome': 'Retour à l’accueil',
    'token.title': 'Changer d’accès ?',
    'token.help': 'Ce lien porte un autre jeton d’accès que celui qu’utilise ce navigateur.',
    'token.current': 'Connecté·e actuellement en tant que',
    'token.incoming': 'Le lien connecte en tant que',
    'token.unknown': 'non reconnu par le serveur',
    'token.keep': 'Garder l’accès actuel',
    'token.switch': 'Passer à {name}',
    'token.facilitatorWarning': 'Ce navigateur détient le jeton de l’animateur·rice. Changer d’accès l’en retire : copiez-le d’abord, ou gardez-le.',
    'token.copyCurrent': 'Copier le jeton de l’animateur·rice',
    'token.copied': 'Copié',
    'token.checking': 'Vérification des deux jetons…',
    'token.theFacilitator': 'Animateur·rice',
  },
}

/** @typedef {keyof typeof STRINGS.en} StringKey */

/** @returns {Language} */
function initialLanguage() {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY)
    if (stored === 'fr' || stored === 'en') return stored
  } catch {
    // storage unavailable: fall back to the browser's language
  }
  return (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en'
}

/** @type {Language} */
let language = initialLanguage()
document.documentElement.lang = language

/** @returns {Language} the language in effect */
export function currentLanguage() {
  return language
}

/**
 * Switches the language, remembers it, and tells the pages (`atelier-language` on window).
 * @param {Language} next
 */
export function setLanguage(next) {
  if (!LANGUAGES.includes(next) || next === language) return
  language = next
  document.documentElement.lang = next
  try {
    localStorage.setItem(LANGUAGE_KEY, next)
  } catch {
    // not remembered; still switched for this page
  }
  window.dispatchEvent(new CustomEvent('atelier-language', { detail: { language: next } }))
}

/**
 * Calls `callback` after every language change.
 * @param {() => void} callback
 * @returns {() => void} stops listening
 */
export function onLanguageChange(callback) {
  window.addEventListener('atelier-language', callback)
  return () => window.removeEventListener('atelier-language', callback)
}

/**
 * The string for `key` in the current language, placeholders filled.
 * @param {StringKey} key
 * @param {Record<string, string | number>} [params]
 * @returns {string}
 */
export function t(key, params = {}) {
  const table = /** @type {Record<string, string>} */ (STRINGS[language])
  const template = table[key] ?? /** @type {Record<string, string>} */ (STRINGS.en)[key] ?? key
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole))
}

/**
 * Picks the current language from a `{fr, en}` label that came with the data.
 * @param {unknown} label
 * @param {string} [fallback]
 * @returns {string}
 */
export function localized(label, fallback = '') {
  if (typeof label === 'string') return label
  if (label && typeof label === 'object') {
    const record = /** @type {Record<string, unknown>} */ (label)
    for (const key of [language, 'en', 'fr']) {
      if (typeof record[key] === 'string') return /** @type {string} */ (record[key])
    }
  }
  return fallback
}

/**
 * "Phase: A → B", with the phases' labels (from `phases`, `{ id, label }[]`) in the
 * current language.
 * @param {readonly { id: string, label?: unknown }[] | undefined} phases
 * @param {string} from
 * @param {string} to
 * @returns {string}
 */
export function phaseMoveText(phases, from, to) {
  const label = (/** @type {string} */ id) => localized((phases ?? []).find((p) => p.id === id)?.label, id)
  return t('phase.moved', { from: label(from), to: label(to) })
}

/**
 * A number in the current language (`3,5` in French), with at most `digits` decimals.
 * @param {number} value
 * @param {number} [digits]
 * @param {number} [minimumDigits]
 * @returns {string}
 */
export function formatNumber(value, digits = 2, minimumDigits = 0) {
  if (!Number.isFinite(value)) return String(value)
  return new Intl.NumberFormat(language === 'fr' ? 'fr-FR' : 'en-GB', {
    maximumFractionDigits: digits,
    minimumFractionDigits: Math.min(minimumDigits, digits),
  }).format(value)
}

/**
 * A list in the current language ("a, b and c" / "a, b et c").
 * @param {string[]} items
 * @returns {string}
 */
export function formatList(items) {
  return new Intl.ListFormat(language === 'fr' ? 'fr' : 'en', { type: 'conjunction' }).format(items)
}

/**
 * Text in the current language's quotation marks (« … » / “…”).
 * @param {string} text
 * @returns {string}
 */
export function quote(text) {
  return language === 'fr' ? `« ${text} »` : `“${text}”`
}

/**
 * A phase's label: the one that came with the data, else the default phases' labels, else the id.
 * @param {string} id
 * @param {unknown} [label]
 * @returns {string}
 */
export function phaseName(id, label) {
  const given = localized(label)
  if (given) return given
  const key = /** @type {StringKey} */ (`phase.default.${id}`)
  const known = t(key)
  return known === key ? id : known
}

/**
 * When a locked board opens, in words: "in Ideate, around 14:30", "in Ideate, day 2
 * (Tuesday 10 March)", or that it stays locked.
 * @param {import('./phase-plan.js').Opening} opening
 * @param {string} [timeZone] the session's
 * @returns {string}
 */
export function openingText(opening, timeZone) {
  if (!opening.phase) return t('board.staysLocked')
  const phase = phaseName(opening.phase.id, opening.phase.label)
  if (opening.at) return t('board.opensPhaseAround', { phase, time: formatDateTime(opening.at, { timeStyle: 'short', timeZone }) })
  if (opening.date) {
    const date = formatDateTime(`${opening.date}T12:00:00Z`, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })
    return t('board.opensPhaseDay', { phase, day: opening.day, date })
  }
  return t('board.opensPhase', { phase })
}

/** The session's time zone (IANA), in which every time is shown; undefined: the browser's. */
let sessionZone = /** @type {string | undefined} */ (undefined)

/**
 * Sets the zone every time is shown in: the session's (its state's `timeZone`), the one the
 * countdown's end, the checkpoints and the signed record use, so one screen never mixes two
 * zones. An unknown zone is ignored (the browser's stays).
 * @param {string | undefined | null} zone
 */
export function setTimeZone(zone) {
  if (!zone) return
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    sessionZone = zone
  } catch {
    // not a zone this browser knows
  }
}

/**
 * A date and time in the current language, in the session's time zone (`setTimeZone`) unless
 * `options.timeZone` says otherwise. A time is followed by its zone ("17:08 UTC+1") when that
 * zone's offset then differs from the browser's, where a reader could take it for their own.
 * @param {number | string} value epoch ms or an ISO string
 * @param {Intl.DateTimeFormatOptions} [options]
 * @returns {string}
 */
export function formatDateTime(value, options = { dateStyle: 'medium', timeStyle: 'short' }) {
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return String(value)
  const locale = language === 'fr' ? 'fr-FR' : 'en-GB'
  const timeZone = options.timeZone ?? sessionZone
  const text = new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date)
  const showsTime = Boolean(options.timeStyle || options.hour)
  if (!showsTime || options.timeZoneName || zoneName(date, timeZone, 'shortOffset') === zoneName(date, undefined, 'shortOffset')) return text
  return `${text} ${zoneName(date, timeZone, 'short', locale)}`
}

/**
 * @param {Date} date
 * @param {string | undefined} timeZone undefined: the browser's
 * @param {'short' | 'shortOffset'} style
 * @param {string} [locale]
 * @returns {string}
 */
function zoneName(date, timeZone, style, locale = 'en-GB') {
  return new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: style }).formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? ''
}

/**
 * A duration as `h:mm:ss` or `m:ss` (absolute value; the caller says whether it is over).
 * @param {number} ms
 * @returns {string}
 */
export function formatDuration(ms) {
  const total = Math.floor(Math.abs(ms) / 1000)
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const pad = (/** @type {number} */ n) => String(n).padStart(2, '0')
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`
}

/**
 * An invite's role in words: an invite whose role is `facilitator` is a co-facilitator (the
 * administrator has no invite).
 * @param {string} role
 * @returns {string}
 */
export function inviteRoleText(role) {
  return role === 'facilitator' ? t('role.coFacilitator') : t(/** @type {StringKey} */ (`role.${role}`))
}

/**
 * What the pages call the facilitator (the administrator, whose id and `/me` name are both
 * `facilitator`): the session's facilitator by name when its state carries one (the
 * definition's `facilitator`), else the role in words.
 * @param {{ facilitator?: unknown } | null | undefined} [state] the session's
 * @returns {string}
 */
export function facilitatorName(state) {
  const name = typeof state?.facilitator === 'string' ? state.facilitator.trim() : ''
  return name && name !== 'facilitator' ? name : t('people.facilitator')
}

/**
 * "de Bruno Petit", "d’Alice Martin": French elides "de" before a vowel or a mute h.
 * @param {string} name
 * @returns {string}
 */
export function ofName(name) {
  return /^[aeiouyhàâäéèêëîïôöùûüœ]/i.test(name.trim()) ? `d’${name}` : `de ${name}`
}

/**
 * "Signed in as …": the person's name and role, or the role alone when the name is just the
 * role's id (the facilitator is named "facilitator"); a facilitator with a session is a co-facilitator.
 * @param {{ name?: string, role?: string, session?: { id: string } | null } | null | undefined} me
 * @returns {string}
 */
export function signedInText(me) {
  const role = me?.role === 'facilitator' && me.session ? t('role.coFacilitator') : t(/** @type {StringKey} */ (`role.${me?.role ?? 'participant'}`))
  return me?.name && me.name !== me.role ? t('common.signedInAs', { name: me.name, role }) : t('common.signedInRole', { role })
}

/** Whether the main pointer is coarse (a finger): the page then names no key. */
export function coarsePointer() {
  return typeof matchMedia === 'function' && matchMedia('(pointer: coarse)').matches
}

/**
 * A text without its key hints — "(N)", "(V)", "(I ou glisser-déposer)" — for a page used by
 * touch, where there is no key to press.
 * @param {string} text
 * @returns {string}
 */
export function withoutKeyHints(text) {
  return text.replace(/ \([A-Z](?: (?:ou|or) [^)]*)?\)/g, '')
}

/**
 * Labels for `atelier-connection-status` showing the live channel, in the current language.
 * @returns {Partial<import('../components/atelier-connection-status.js').ConnectionLabels>}
 */
export function liveLabels() {
  return {
    connecting: t('live.connecting'),
    online: t('live.online'),
    reconnecting: t('live.reconnecting'),
    stopped: t('live.stopped'),
    closed: t('live.closed'),
    noReason: t('live.noReason'),
    retry: t('common.retry'),
  }
}
