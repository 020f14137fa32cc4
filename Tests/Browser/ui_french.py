#!/usr/bin/env python3
"""A French browser sees French only: no English word, no raw id.

Usage:
    ui_french.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR]

Browsers whose language is French (`navigator.language` fr-FR, nothing chosen in the page):
 - `console`: the facilitator's session page after a refused phase move (Advance on the
   last phase of day 1, refused because day 2 has not begun) — the refusal, the timeline,
   the groups and boards, the invites, the audit log;
 - `board`: a participant's empathy map, then a locked board of theirs;
 - `juror`: the juror console after an incomplete submit (the refusal names the missing
   criterion by its French label);
 - `results`: the results page, with one group scored by every juror (means with decimals).
On each, the text a person sees or hears (the page's text, the title, aria-label, title,
placeholder and alt attributes) holds none of a list of English words and none of the ids
the server uses (phase ids, board kinds, criteria, jurors, groups, sessions, invites, audit
actions, error codes); what the people typed and the names they gave are left out first.
 - `frenchNumbers`: the results show means with a decimal comma (`3,5`), never `3.5`.

Prints ONE JSON line `{"ok", "checks", "found": {page: [what was found]}}`; exit 0 when every
check passed.
"""

from __future__ import annotations

import os
import re
import sys
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from ui_common import Api, AtelierServer, arg_parser, board_id, browser, csp_violations, goto_phase, invite, new_session, report  # noqa: E402

#: English words that are not French words (so any of them in a French page is a leak).
#: Words both languages share (session, phase, image, questions, test, pitch, zoom…) are not here.
ENGLISH = """
the and of with your you is are not this that has have been from for by at it will can
refused refuse submit submitted save saved draft advance reason override sign signed loading
online offline reconnecting results mean spread criterion criteria hidden juror jurors pending
open opens opened locked board boards group groups invites invite audit quarantine refresh
copy print revoke day days left start stop answers answer score scores sheet time link links
undo redo delete fit layout export help shortcuts keyboard close yes none nobody who what when
where why how might they their there now today until end begun begin early late edit edits
typed typing kept read only something went wrong server reached scored step steps live
overtime within deliberate revealed report stage back front colour color text frame node
empathy map ideas mood grid deck swot canvas mind new create created example upload file name
role status
""".split()

#: Proper nouns French uses as they are (the certification's own words: "Business Model
#: Canvas", "SWOT").
PROPER_NOUNS = ["Business Model Canvas", "SWOT"]

#: Ids the server uses that a person should never read.
ID_PATTERNS = [
    r"\b(empathize|define|ideate|synthesize)\b",
    r"\b(empathy-map|mood-board|test-grid|business-model-canvas|mind-map|hmw)\b",
    r"\ba1[45]-[a-z-]+\b",
    r"\b[sbi]_[a-z0-9]{6,}\b",
    r"\bj[0-9]\b", r"\bg[0-9]\b",
    r"\b(phase|pitch|qa|scores|jury|results|invite|quarantine|session)\.[a-z-]+\b",
    r"\b(day-not-begun|skip-refused|override-required|not-pitch-phase|unscored|invalid_definition|phase-locked|not_found|bad_token)\b",
]

TEXT_JS = """
const root = document.querySelector('main')
const parts = [document.title, root.innerText]
for (const el of root.querySelectorAll('[aria-label], [title], [placeholder], [alt]')) {
  if (el.closest('[hidden]')) continue
  for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.getAttribute(a)) parts.push(el.getAttribute(a))
}
return parts.join('\\n')
"""


def leaks(text: str, data: list[str]) -> list[str]:
    for value in sorted(data, key=len, reverse=True):
        if value:
            text = text.replace(value, " ")
    found = []
    for word in ENGLISH:
        if re.search(rf"(?<![\w’'-]){re.escape(word)}(?![\w’'-])", text, re.IGNORECASE):
            found.append(word)
    for pattern in ID_PATTERNS:
        found += [m.group(0) for m in re.finditer(pattern, text)]
    return sorted(set(found))


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    found: dict = {}
    extra: dict = {}
    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api)
            sid = session["id"]
            state = api.get(f"/sessions/{sid}")
            data = [session["title"], "Design Thinking", "Chief Digital Officer", *PROPER_NOUNS]
            data += [g["name"] for g in state["groups"]] + [i["name"] for i in session["invites"]] + [j["name"] for j in state.get("jurors", [])]
            data += [c["label"]["fr"] for c in state.get("rubric", [])]
            jurors = [i for i in session["invites"] if i["role"] == "juror"]
            participant = invite(session, "participant", "g1")

            # g2 scored by every juror, with halves, so the results show decimals (the jury's
            # criteria; the facilitator scores the others per candidate).
            criteria = [c["id"] for c in state["rubric"] if c.get("assessor", "jury") == "jury"]
            for n, juror in enumerate(jurors):
                jt = api.as_(juror["token"])
                jt.put(f"/sessions/{sid}/groups/g2/scores", {"scores": {c: {"score": 3 + 0.5 * ((n + k) % 3), "comment": "Bien"} for k, c in enumerate(criteria)}})
                jt.post(f"/sessions/{sid}/groups/g2/scores/submit")

            for group in state["groups"]:
                api.put(f"/sessions/{sid}/groups/{group['id']}/problem", {"text": "Comment aider les étudiants à covoiturer ?"})
                api.post(f"/sessions/{sid}/groups/{group['id']}/problem/approve")
            with browser(lang="fr-FR") as b:
                # The console, after a refused move.
                goto_phase(api, sid, "define", "vers la fin du jour 1")
                b.open(f"{server.base}/?token={server.token}#/sessions/{sid}")
                controls = "document.querySelector('atelier-phase-controls')"
                b.wait_for(f"document.querySelector('atelier-session-view')?.dataset.live === 'online' && {controls}.querySelector('button[data-action=\"advance\"]')", timeout=args.timeout)
                b.run(f"{controls}.querySelector('button[data-action=\"advance\"]').click()")
                b.wait_for(f"{controls}.dataset.feedback === 'error'", timeout=args.timeout)
                extra["refusal"] = b.evaluate(f"{controls}.querySelector('.phase-feedback').textContent")
                b.wait_for("document.querySelector('atelier-audit-log')?.dataset.count > 0", timeout=args.timeout)
                text = b.run(TEXT_JS)
                found["console"] = leaks(text, data)
                checks["console"] = not found["console"] and "jour 2" in extra["refusal"] and "Aller à" in extra["refusal"]
                if args.screenshots:
                    b.screenshot(os.path.join(args.screenshots, "french-console.png"))

                # The results page.
                b.open(f"{server.base}/?token={server.token}#/results/{sid}")
                b.wait_for("document.querySelector('atelier-results section.result-group[data-group-id=\"g2\"] td.num')", timeout=args.timeout)
                text = b.run(TEXT_JS)
                found["results"] = leaks(text, data)
                checks["results"] = not found["results"]
                means = b.evaluate("[...document.querySelectorAll('atelier-results section.result-group[data-group-id=\"g2\"] td.num')].map(td => td.textContent.trim())") or []
                extra["means"] = means[:6]
                checks["frenchNumbers"] = any("," in m for m in means) and not any(re.search(r"\d\.\d", m) for m in means)
                if args.screenshots:
                    b.screenshot(os.path.join(args.screenshots, "french-results.png"))

            with browser(lang="fr-FR") as b:
                # A board, then a locked one.
                b.open(f"{server.base}/boards/{board_id(session, 'g1', 'empathy-map')}?token={participant['token']}")
                b.wait_for("document.querySelector('atelier-board-editor')?.dataset.writable === 'true'", timeout=args.timeout)
                text = b.run(TEXT_JS)
                b.open(f"{server.base}/boards/{board_id(session, 'g1', 'test-grid')}")
                b.wait_for("document.querySelector('atelier-board-editor')?.dataset.synced === 'true' && document.querySelector('.board-sub .read-only')", timeout=args.timeout)
                text += "\n" + b.run(TEXT_JS)
                found["board"] = leaks(text, data)
                checks["board"] = not found["board"]
                if args.screenshots:
                    b.screenshot(os.path.join(args.screenshots, "french-board.png"))

            with browser(lang="fr-FR") as b:
                # The juror console, after an incomplete submit.
                b.open(f"{server.base}/?token={jurors[0]['token']}#/groups/g1")
                sheet = "atelier-juror-console atelier-score-sheet"
                b.wait_for(f"document.querySelectorAll('{sheet} li.criterion').length > 0", timeout=args.timeout)
                b.run(f"document.querySelector(\"{sheet} li.criterion input[value='4']\").click()")
                b.run(f"document.querySelector(\"{sheet} button[type='submit']\").click()")
                dialog = "dialog[data-dialog='submit-sheet'][open]"
                b.wait_for(f"document.querySelector(\"{dialog}\")", timeout=args.timeout)
                extra["confirmDialog"] = b.evaluate(f"document.querySelector(\"{dialog}\").innerText")[:200]
                found["dialog"] = leaks(extra["confirmDialog"], data)
                checks["dialog"] = not found["dialog"]
                b.run(f"document.querySelector(\"{dialog} button[data-action='confirm']\").click()")
                b.wait_for(f"document.querySelector('{sheet} .sheet-feedback .notice.error')", timeout=args.timeout)
                refusal = b.evaluate(f"document.querySelector('{sheet} .sheet-feedback .notice.error').textContent")
                extra["sheetRefusal"] = refusal[:200]
                text = b.run(TEXT_JS)
                found["juror"] = leaks(text, data)
                label = [c for c in state["rubric"] if c.get("assessor", "jury") == "jury"][-1]["label"]["fr"]
                checks["juror"] = not found["juror"] and label in refusal and "Pas encore noté" in refusal
                if args.screenshots:
                    b.screenshot(os.path.join(args.screenshots, "french-juror.png"))
                violations = csp_violations(b)
                if violations:
                    checks["csp"] = False
                    extra["csp"] = violations[:3]
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"
    return report(checks, found=found, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
