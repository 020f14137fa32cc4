#!/usr/bin/env python3
"""A jury's record, from the sheets to the signed PDF, in headless Chromium (issue 11).

Usage:
    jury_record.py [--url BASE --facilitator-token T | --atelier BIN] [--screenshots DIR] [--timeout S]

In order, on a session of the cdo-sprint example (4 groups × 4 candidates; jurors j1, the
president, j2 and j3; `a14-collaboration` scored by the facilitator):
 1. The president j1, in a French Chromium, in the juror console on group 1, keyboard only:
    - `qaShortcuts`: q, a question, Enter, then at once o, an objection, Enter: two entries of
      the right kinds whose texts are exactly what was typed (the o is never typed into a line);
    - `keyboardSheet`: Tab to each criterion's radio group, Space and arrow keys to its score,
      a comment; Enter on two candidates' summaries, arrow keys to override one criterion each
      (a comment on the first); Submit, Tab to the dialog's confirming button, Enter;
    - `overridesShown`: each override says so in words ("Note individuelle"), not by colour
      alone; `serverSheet`: the server has the sheet submitted with exactly those overrides.
 2. API, to keep it short: the other sheets (j1's other groups, j2 and j3 everywhere, all
    submitted) and the facilitator's scores for the 16 candidates.
 3. j1's "Deliberation" tab: `frenchMarks` (marks with a decimal comma and two decimals);
    `justificationRequired` (a decision departing from the proposal without a justification is
    refused in words) then `decision` (recorded with one); `phone.deliberation` (the same tab,
    still editable, on j1's French phone: every target 44 px, no sideways scroll, no English
    word or raw id, axe as `axe.deliberationPhone`); `presidentSigned` through the UI;
    `unsignedInWords` (Close, confirmed, is refused naming the two jurors by name); j2 and j3
    sign through the API and the page shows 3/3 live; `closed` (Close through the dialog);
    `readOnlyAfterClose` (group 1's sheet has no enabled input left, a notice says why).
 4. `pdfSections`, `pdfFrench`: the record page `/#/doc/sessions/{id}/record.html` in j1's
    French browser, printed by Chromium (`Page.printToPDF` through DevTools), read back with
    `pdftotext`: one section per candidate, each starting a page, in order, French headings
    and none of the English ones. `recordAddress`: the address stays the app's, no token in it.
 5. The facilitator, in an English Chromium: `resultsPage` (16 candidates × 2 assessments with
    marks like `12.50`, the facilitator's 16 scores, the record signed), `reportLink` (a group's
    report opens at a copyable app address, no blob), `published` (Publish through the dialog).
 6. A French phone: `signedOutLink` (the record's address opened without a sign-in says so in
    words, never as JSON); `phone` (the juror console at 390 px with a candidate's part open:
    no sideways scroll, every target 44 px); `phone.results` (the facilitator's results page,
    closed and published: the same, and no English word or raw id); `ownResult` (a
    participant's home shows their own result after publication, and their record page shows
    their section only); `phone.record` (that page does not scroll sideways: wide tables
    scroll in their own box).
 7. Problem statements, on a second session in the define phase, two French phones:
    `problemSaved` (a participant types the statement and saves it: the server has it, the
    page says it waits for approval); `problemApprovedLive` (the facilitator approves it from
    the console's list; the participant's page says so without a reload); `phone.problem`
    (both pages: targets, no sideways scroll, no English word or raw id).
 `axe.*`: axe-core finds nothing serious or critical on the juror console (a candidate's part
 open), the confirmation dialog, the deliberation (desktop and phone), the results page, the
 participant's home, the record page, the problem statement and the facilitator's list of them.

Prints ONE JSON line `{"ok", "checks", …}`; exit 0 when every check passed. Waits on
conditions only, never on fixed sleeps.
"""

from __future__ import annotations

import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from ui_common import AXE_DISABLED, Api, AtelierServer, arg_parser, axe_serious, browser, goto_phase, invite, new_session, report  # noqa: E402
from ui_french import PROPER_NOUNS, TEXT_JS, leaks  # noqa: E402
from ui_touch import SIDE_SCROLL_JS, SMALL_TARGETS_JS  # noqa: E402

JUROR = "document.querySelector('atelier-juror-console')"
SHEET = "document.querySelector('atelier-juror-console atelier-score-sheet')"
DELIB = "document.querySelector('atelier-deliberation')"

#: j1's group sheet for group 1, in rubric order of the jury's criteria.
J1_G1 = [3, 3.5, 2.5, 4, 3, 3.5, 4]

#: Headings of the record page in English: none may appear in the French PDF.
ENGLISH_HEADINGS = ["Jury record", "Assessment record", "Decisions", "Mark /20", "Pass mark", "Proposal",
                    "Assessment", "Criterion", "Juror", "Own contributions", "The deck as pitched",
                    "Questions and objections", "The jury's signatures", "signed on", "Problem statement"]
FRENCH_HEADINGS = ["Procès-verbal de jury", "Décisions", "Note /20", "Seuil", "Proposition"]


def press(b, *keys: str) -> None:
    """Keys typed on the keyboard, to whatever has the focus."""
    ActionChains(b.driver).send_keys(*keys).perform()


def tab_until(b, predicate: str, limit: int = 80) -> int:
    """Presses Tab until `predicate` (JS, about document.activeElement) holds; returns the presses."""
    for n in range(limit + 1):
        if b.evaluate(predicate):
            return n
        press(b, Keys.TAB)
    raise AssertionError(f"Tab never reached: {predicate} (focus on {b.evaluate('document.activeElement?.outerHTML.slice(0, 160)')})")


def click(b, css: str, timeout: float) -> None:
    b.wait_for(f"document.querySelector({json.dumps(css)})", timeout=timeout, description=css)
    b.run("const el = document.querySelector(arguments[0]); el.scrollIntoView({block: 'center'}); el.click()", css)


def confirm_dialog(b, name: str, timeout: float, keyboard: bool = False) -> None:
    """Answers the confirmation dialog `name` (components/confirm-step.js): by Tab and Enter from
    its Cancel button, where the focus starts, or by a click."""
    dialog = f"dialog[data-dialog='{name}'][open]"
    b.wait_for(f"document.querySelector(\"{dialog}\")", timeout=timeout)
    if keyboard:
        b.wait_for(f"document.activeElement?.matches(\"{dialog} [data-action='cancel']\")", timeout=timeout)
        press(b, Keys.TAB)
        b.wait_for(f"document.activeElement?.matches(\"{dialog} [data-action='confirm']\")", timeout=timeout)
        press(b, Keys.ENTER)
    else:
        b.run(f"document.querySelector(\"{dialog} [data-action='confirm']\").click()")
    b.wait_for(f"!document.querySelector(\"dialog[data-dialog='{name}']\")", timeout=timeout)


def fill_sheets(api: Api, session: dict, state: dict, jury_criteria: list[str], fac_criteria: list[str]) -> None:
    """Every other sheet, submitted, and the facilitator's scores, through the API."""
    sid = session["id"]
    jurors = [i for i in session["invites"] if i["role"] == "juror"]
    for n, juror in enumerate(jurors):
        jt = api.as_(juror["token"])
        for k, group in enumerate(state["groups"]):
            if n == 0 and group["id"] == "g1":
                continue
            scores = {c: {"score": 2 + 0.5 * ((n + k + i) % 5)} for i, c in enumerate(jury_criteria)}
            jt.put(f"/sessions/{sid}/groups/{group['id']}/scores", {"scores": scores})
            jt.post(f"/sessions/{sid}/groups/{group['id']}/scores/submit")
    for k, group in enumerate(state["groups"]):
        for i, candidate in enumerate(group["candidates"]):
            body = {"scores": {c: {"score": 3 + 0.5 * ((k + i) % 3), "comment": "Posture"} for c in fac_criteria}}
            api.put(f"/sessions/{sid}/groups/{group['id']}/candidates/{candidate['id']}/scores", body)


def pdf_text(b, path: str) -> list[str]:
    """The page shown, printed by Chromium to `path`, as pdftotext reads it: one string per page."""
    printed = b.driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True})
    with open(path, "wb") as f:
        f.write(base64.b64decode(printed["data"]))
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True, check=True)
    return out.stdout.split("\f")


def main(argv: list[str]) -> int:
    args = arg_parser(__doc__.split("\n")[0]).parse_args(argv)
    checks: dict = {}
    extra: dict = {}
    violations: dict = {}
    started = time.monotonic()
    shots = args.screenshots
    if shots:
        os.makedirs(shots, exist_ok=True)
    t = args.timeout

    def shot(b, name: str) -> None:
        if shots:
            b.screenshot(os.path.join(shots, name))

    laps: dict = {}
    last = [started]

    def lap(name: str) -> None:
        now = time.monotonic()
        laps[name] = round(now - last[0], 1)
        last[0] = now

    def axe(b, name: str) -> None:
        found = axe_serious(b)
        violations[name] = found
        checks[f"axe.{name}"] = not found

    def on_phone(b, name: str, known: list[str] | None = None) -> None:
        """`phone.<name>`: 44 px targets, no sideways scroll and, given the texts people typed
        or named (`known`), no English word or raw id on the page."""
        small, over = b.run(SMALL_TARGETS_JS), b.run(SIDE_SCROLL_JS)
        found = leaks(b.run(TEXT_JS), known) if known is not None else []
        if small or over > 1 or found:
            extra[f"phone.{name}"] = {"small": small[:6], "sideScroll": over, "english": found}
        checks[f"phone.{name}"] = not small and over <= 1 and not found

    try:
        with AtelierServer.from_args(args) as server:
            api = Api(server.base, server.token)
            session = new_session(api)
            sid = session["id"]
            state = api.get(f"/sessions/{sid}")
            rubric = state["rubric"]
            jury_criteria = [c["id"] for c in rubric if c.get("assessor", "jury") == "jury"]
            fac_criteria = [c["id"] for c in rubric if c.get("assessor") == "facilitator"]
            g1 = next(g for g in state["groups"] if g["id"] == "g1")
            c1, c2 = g1["candidates"][0], g1["candidates"][1]
            jurors = [i for i in session["invites"] if i["role"] == "juror"]
            j1, j2, j3 = jurors
            names = {j["id"]: j["name"] for j in state["jurors"]}
            extra["candidates"] = sum(len(g["candidates"]) for g in state["groups"])
            # What people typed or named, left out before looking for English words and raw ids.
            known = [session["title"], "Design Thinking", "Chief Digital Officer", *PROPER_NOUNS]
            known += [g["name"] for g in state["groups"]] + [i["name"] for i in session["invites"]] + list(names.values())
            known += [c["name"] for g in state["groups"] for c in g["candidates"]] + [c["label"]["fr"] for c in rubric]

            with browser(lang="fr-FR") as b:
                b.open(f"{server.base}/?token={j1['token']}#/groups/g1")
                b.wait_for(f"{JUROR}?.dataset.live === 'online' && {SHEET}?.querySelectorAll('li.criterion').length === {len(jury_criteria)}"
                           f" && {SHEET}.querySelectorAll('details.candidate-sheet').length === 4", timeout=t)
                checks["facilitatorCriterionHidden"] = not b.evaluate(
                    f"[...{SHEET}.querySelectorAll('[data-criterion-id]')].some(el => {json.dumps(fac_criteria)}.includes(el.dataset.criterionId))")

                # 1a. Q&A by keystroke: q, a line, Enter, then at once o, a line, Enter.
                log = f"{JUROR}.querySelector('atelier-qa-log')"
                b.run("document.activeElement?.blur()")
                press(b, "q")
                b.wait_for(f"document.activeElement?.name === 'text' && {log}.dataset.kind === 'question'", timeout=t)
                question, objection = "Comment fidéliser les conducteurs ?", "L’assurance des étudiants n’est pas traitée."
                press(b, question, Keys.ENTER, "o", objection, Keys.ENTER)
                b.wait_for(f"{log}.dataset.count === '2'", timeout=t)
                entries = api.as_(j1["token"]).get(f"/sessions/{sid}/groups/g1/pitch")["qa"]["entries"]
                extra["qa"] = [(e["kind"], e["text"]) for e in entries]
                checks["qaShortcuts"] = extra["qa"] == [("question", question), ("objection", objection)]

                lap("qa")
                # 1b. The group sheet, from the keyboard.
                for criterion, score in zip(jury_criteria, J1_G1):
                    tab_until(b, f"document.activeElement?.name === 'score-{criterion}'")
                    press(b, Keys.SPACE, *([Keys.ARROW_RIGHT] * int(score / 0.5)))
                    if criterion == jury_criteria[0]:
                        press(b, Keys.TAB, "Bonne observation des usagers")
                typed = b.evaluate(f"Object.fromEntries([...{SHEET}.querySelectorAll('li.criterion')].map(li => [li.dataset.criterionId, Number(li.dataset.score)]))")
                # 1c. Two overrides: the first candidate's first criterion (5, with a comment), the second's last (1).
                tab_until(b, f"document.activeElement?.matches(\"details[data-candidate-id='{c1['id']}'] > summary\")")
                press(b, Keys.ENTER)
                tab_until(b, f"document.activeElement?.name === 'ov:{c1['id']}:{jury_criteria[0]}'")
                press(b, Keys.ARROW_LEFT)  # from "Group", wraps to the top step
                press(b, Keys.TAB, "Entretiens individuels remarquables")
                tab_until(b, f"document.activeElement?.matches(\"details[data-candidate-id='{c2['id']}'] > summary\")")
                press(b, Keys.ENTER)
                tab_until(b, f"document.activeElement?.name === 'ov:{c2['id']}:{jury_criteria[-1]}'")
                press(b, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)  # Group → 0 → 0.5 → 1
                row1 = f"{SHEET}.querySelector(\"details[data-candidate-id='{c1['id']}'] li[data-criterion-id='{jury_criteria[0]}']\")"
                row2 = f"{SHEET}.querySelector(\"details[data-candidate-id='{c2['id']}'] li[data-criterion-id='{jury_criteria[-1]}']\")"
                shown = b.evaluate(f"[{row1}, {row2}].map(r => r.dataset.override === 'true' && !r.querySelector('.override-badge').hidden"
                                   f" && r.querySelector('.override-badge').textContent.includes('Note individuelle'))")
                checks["overridesShown"] = shown == [True, True] and b.evaluate(f"{SHEET}.dataset.overrides") == "2"
                b.run(f"{row1}.scrollIntoView({{block: 'center'}})")
                shot(b, "jury-sheet-overrides.png")
                axe(b, "jurorSheet")
                # Submit: Enter on the button, Tab to the dialog's confirming button, Enter.
                tab_until(b, f"document.activeElement?.matches(\"atelier-score-sheet button[type='submit']\")")
                press(b, Keys.ENTER)
                b.wait_for("document.querySelector(\"dialog[data-dialog='submit-sheet'][open]\")", timeout=t)
                extra["dialog"] = b.evaluate("document.querySelector(\"dialog[data-dialog='submit-sheet']\").innerText")[:160]
                axe(b, "confirmDialog")
                confirm_dialog(b, "submit-sheet", t, keyboard=True)
                b.wait_for(f"{SHEET}.dataset.submitted === 'true'", timeout=t)
                sheet = api.as_(j1["token"]).get(f"/sessions/{sid}/groups/g1/scores")
                expected = {c: s for c, s in zip(jury_criteria, J1_G1)}
                overrides = {cid: {k: (v["score"], v.get("comment") or "") for k, v in o.items()} for cid, o in sheet.get("overrides", {}).items()}
                extra["overrides"] = overrides
                checks["keyboardSheet"] = typed == expected and {k: v["score"] for k, v in sheet["entries"].items()} == expected
                checks["serverSheet"] = bool(sheet.get("submittedAt")) and overrides == {
                    c1["id"]: {jury_criteria[0]: (5, "Entretiens individuels remarquables")},
                    c2["id"]: {jury_criteria[-1]: (1, "")},
                }

                lap("sheet")
                # 2. Everything else through the API.
                fill_sheets(api, session, state, jury_criteria, fac_criteria)
                lap("api")

                # 3. The deliberation, as the president.
                b.run("location.hash = '#/deliberation'")
                row = f"{DELIB}.querySelector(\"tr[data-row-id='{c1['id']}:A15']\")"
                b.wait_for(f"{JUROR}.dataset.view === 'deliberation' && {DELIB}.dataset.loaded === 'true' && "
                           f"{DELIB}.querySelectorAll('tr[data-row-id]').length === 32 && "
                           f"[...{DELIB}.querySelectorAll('tr[data-row-id] td.num')].every(td => /\\d/.test(td.textContent))", timeout=t)
                marks = b.evaluate(f"[...{DELIB}.querySelectorAll('tr[data-row-id] td.num')].map(td => td.textContent.trim())")
                extra["marksFr"] = marks[:4]
                checks["frenchMarks"] = all(re.fullmatch(r"\d{1,2},\d\d", m) for m in marks)
                choose = "const s = {row}.querySelector('select'); s.value = '{value}'; s.dispatchEvent(new Event('change', {{ bubbles: true }}))"
                proposal = b.evaluate(f"{row}.querySelector('select').value")
                b.run(choose.format(row=row, value="deferred"))
                b.run(f"{row}.querySelector('[data-action=\"decide\"]').click()")
                b.wait_for(f"{row}.querySelector('.notice.error')", timeout=t)
                extra["justificationRefusal"] = b.evaluate(f"{row}.querySelector('.notice.error').textContent")
                checks["justificationRequired"] = "justification" in extra["justificationRefusal"] and "proposition" in extra["justificationRefusal"]
                # Back to the proposal: the refusal was about the other choice and goes with it.
                b.run(choose.format(row=row, value=proposal))
                checks["refusalClearedOnChange"] = b.evaluate(f"!{row}.querySelector('.notice.error')")
                b.run(choose.format(row=row, value="deferred"))
                b.run(f"const a = {row}.querySelector('textarea'); a.value = 'Absent à l’entretien final'; a.dispatchEvent(new Event('input', {{ bubbles: true }}))")
                b.run(f"{row}.querySelector('[data-action=\"decide\"]').click()")
                b.wait_for(f"{row}?.dataset.decision === 'deferred'", timeout=t)
                decided = api.as_(j1["token"]).get(f"/sessions/{sid}/deliberation")["decisions"][c1["id"]]["A15"]
                checks["decision"] = decided["decision"] == "deferred" and decided["justification"] == "Absent à l’entretien final"
                axe(b, "deliberation")
                with browser(lang="fr-FR", device="phone") as phone:
                    phone.open(f"{server.base}/?token={j1['token']}#/deliberation")
                    phone.wait_for(f"{DELIB}?.dataset.loaded === 'true' && {row}?.dataset.decision === 'deferred' && {row}.querySelector('select')", timeout=t)
                    on_phone(phone, "deliberation", known + ["Absent à l’entretien final"])
                    axe(phone, "deliberationPhone")
                # A refusal left on another row must not outlive the open record.
                stale = f"{DELIB}.querySelector(\"tr[data-row-id='{c2['id']}:A15']\")"
                b.run(choose.format(row=stale, value="deferred" if b.evaluate(f"{stale}.querySelector('select').value") != "deferred" else "absent"))
                b.run(f"{stale}.querySelector('[data-action=\"decide\"]').click()")
                b.wait_for(f"{stale}.querySelector('.notice.error')", timeout=t)
                click(b, "atelier-deliberation button[data-action='sign']", t)
                b.wait_for(f"{DELIB}.dataset.signed === '1/3'", timeout=t)
                checks["presidentSigned"] = bool(api.as_(j1["token"]).get(f"/sessions/{sid}/deliberation")["signatures"].get("j1"))
                # A decision changed elsewhere (here through the API) drops the signature: the
                # page says why instead of keeping "Signé.", and j1 signs again.
                api.as_(j1["token"]).post(f"/sessions/{sid}/deliberation/decisions",
                                          {"candidate": c1["id"], "block": "A15", "decision": "absent", "justification": "Absent à l’entretien final"})
                b.wait_for(f"{DELIB}.dataset.signed === '0/3' && {DELIB}.querySelector('.delib-feedback .notice.warning')", timeout=t)
                cleared = b.evaluate(f"{DELIB}.querySelector('.delib-feedback').textContent")
                extra["signatureCleared"] = cleared
                checks["signatureClearedInWords"] = "signez de nouveau" in cleared and "Signé." not in cleared
                api.as_(j1["token"]).post(f"/sessions/{sid}/deliberation/decisions",
                                          {"candidate": c1["id"], "block": "A15", "decision": "deferred", "justification": "Absent à l’entretien final"})
                b.wait_for(f"{DELIB}.querySelector(\"tr[data-row-id='{c1['id']}:A15']\")?.dataset.decision === 'deferred' && {DELIB}.querySelector(\"button[data-action='sign']\")", timeout=t)
                click(b, "atelier-deliberation button[data-action='sign']", t)
                b.wait_for(f"{DELIB}.dataset.signed === '1/3'", timeout=t)
                click(b, "atelier-deliberation button[data-action='close']", t)
                confirm_dialog(b, "close-record", t)
                b.wait_for(f"{DELIB}.querySelector('.delib-feedback .notice.error')", timeout=t)
                refusal = b.evaluate(f"{DELIB}.querySelector('.delib-feedback .notice.error').textContent")
                extra["unsignedRefusal"] = refusal
                checks["unsignedInWords"] = names["j2"] in refusal and names["j3"] in refusal and "j2" not in refusal
                for juror in (j2, j3):
                    api.as_(juror["token"]).post(f"/sessions/{sid}/deliberation/sign")
                b.wait_for(f"{DELIB}.dataset.signed === '3/3'", timeout=t)
                click(b, "atelier-deliberation button[data-action='close']", t)
                confirm_dialog(b, "close-record", t)
                b.wait_for(f"{DELIB}.dataset.state === 'closed' && {DELIB}.querySelector('.record-signed')", timeout=t)
                checks["noRowErrorWhenClosed"] = b.evaluate(f"{DELIB}.querySelectorAll('tr[data-row-id] .notice.error').length") == 0
                checks["closed"] = api.as_(j1["token"]).get(f"/sessions/{sid}/deliberation")["closedVersion"] == 1
                shot(b, "jury-deliberation.png")
                b.run("location.hash = '#/groups/g1'")
                b.wait_for(f"{JUROR}.dataset.view === 'group' && {JUROR}.dataset.closed === 'true' && {SHEET}.querySelector('.notice.info')", timeout=t)
                checks["readOnlyAfterClose"] = b.evaluate(f"{SHEET}.querySelectorAll('input:not(:disabled), textarea:not(:disabled)').length") == 0

                lap("deliberation")
                # 4. The record, printed to PDF in French.
                record = f"{server.base}/#/doc/sessions/{sid}/record.html"
                b.open(record)
                b.wait_for("document.querySelectorAll('section.candidate').length === 16", timeout=t)
                checks["recordAddress"] = b.evaluate("location.href") == record
                pdf_path = os.path.join(shots or tempfile.gettempdir(), "jury-record.pdf")
                pages = pdf_text(b, pdf_path)
                order = [(c["name"], g["name"]) for g in state["groups"] for c in g["candidates"]]
                starts = []
                for name, group in order:
                    heading = f"{name} — {group}"
                    starts.append(next((i for i, page in enumerate(pages) if heading in page), -1))
                extra["pdfPages"] = len([p for p in pages if p.strip()])
                extra["pdfSectionPages"] = starts
                checks["pdfSections"] = -1 not in starts and starts == sorted(set(starts)) and len(starts) == 16
                text = "\f".join(pages)
                english = [h for h in ENGLISH_HEADINGS if re.search(rf"(?<![\w']){re.escape(h)}(?![\w'])", text)]
                extra["pdfEnglish"] = english
                extra["pdfFrenchMissing"] = [h for h in FRENCH_HEADINGS if h not in text]
                checks["pdfFrench"] = all(h in text for h in FRENCH_HEADINGS) and not english

            lap("pdf")
            # 5. The facilitator's results page.
            with browser(lang="en-GB") as b:
                b.open(f"{server.base}/?token={server.token}#/results/{sid}")
                b.wait_for("document.querySelectorAll('atelier-candidate-results tr[data-candidate-id]').length === 32 && "
                           "document.querySelector('atelier-deliberation')?.dataset.state === 'closed' && "
                           "document.querySelector('atelier-results section.result-group')", timeout=t)
                marks = b.evaluate("[...document.querySelectorAll('atelier-candidate-results tr[data-candidate-id] td.num')].map(td => td.textContent.trim())")
                scored = b.evaluate("document.querySelector('atelier-facilitator-scores').dataset.scored")
                deferred = b.evaluate(f"document.querySelector(\"atelier-candidate-results tr[data-candidate-id='{c1['id']}'][data-block='A15']\").dataset.decision")
                extra["marksEn"] = marks[:4]
                checks["resultsPage"] = all(re.fullmatch(r"\d{1,2}\.\d\d", m) for m in marks) and scored == "16/16" and deferred == "deferred"
                axe(b, "results")
                shot(b, "jury-results.png")
                href = b.evaluate("document.querySelector('atelier-results a[data-open=\"report\"]').href")
                click(b, "atelier-deliberation button[data-action='publish']", t)
                confirm_dialog(b, "publish", t)
                b.wait_for("document.querySelector('atelier-deliberation').dataset.state === 'published'", timeout=t)
                checks["published"] = api.get(f"/sessions/{sid}/deliberation")["published"] is True
                b.open(href)
                b.wait_for("document.title && !document.querySelector('atelier-document') && document.body.innerText.length > 100", timeout=t)
                checks["reportLink"] = "/#/doc/sessions/" in href and b.evaluate("location.href") == href and "blob:" not in href

            lap("results")
            # 6. A phone: a link without a sign-in, the juror console at 390 px, a participant's result.
            with browser(lang="fr-FR", device="phone") as b:
                b.open(f"{server.base}/#/doc/sessions/{sid}/record.html")
                b.wait_for("document.querySelector('atelier-document')?.dataset.state === 'signed-out'", timeout=t)
                body = b.evaluate("document.body.innerText")
                checks["signedOutLink"] = "connecté" in body and '"error"' not in body and "{" not in body

                b.open(f"{server.base}/?token={j2['token']}#/groups/g1")
                b.wait_for(f"{SHEET}?.querySelectorAll('details.candidate-sheet').length === 4 && {SHEET}.dataset.submitted === 'true'", timeout=t)
                b.run(f"{SHEET}.querySelector('details.candidate-sheet').open = true")
                small = b.run(SMALL_TARGETS_JS)
                over = b.run(SIDE_SCROLL_JS)
                extra["phoneSmall"] = small[:6]
                extra["phoneSideScroll"] = over
                checks["phone"] = not small and over <= 1
                shot(b, "jury-phone.png")

                b.run("localStorage.clear()")
                b.open(f"{server.base}/?token={server.token}#/results/{sid}")
                b.wait_for("document.querySelectorAll('atelier-candidate-results tr[data-candidate-id]').length === 32 && "
                           "document.querySelector('atelier-deliberation')?.dataset.state === 'published' && "
                           "document.querySelector('atelier-results section.result-group')", timeout=t)
                on_phone(b, "results", known + ["Absent à l’entretien final", "Posture"])
                shot(b, "jury-results-phone.png")

                b.run("localStorage.clear()")
                # The page asks for a result from the pitch phase on (before, the server would answer 403).
                goto_phase(api, sid, "pitch", "results")
                participant = invite(session, "participant", "g1", 0)
                b.open(f"{server.base}/?token={participant['token']}")
                mine = "document.querySelector('atelier-my-result')"
                b.wait_for(f"{mine}?.dataset.state === 'shown' && {mine}.querySelectorAll('tr[data-block]').length === 2", timeout=t)
                decision = b.evaluate(f"{mine}.querySelector(\"tr[data-block='A15']\").dataset.decision")
                link = b.evaluate(f"{mine}.querySelector('a[href*=\"record.html\"]').href")
                axe(b, "participantHome")
                shot(b, "jury-participant.png")
                b.open(link)
                b.wait_for("document.querySelectorAll('section.candidate').length >= 1", timeout=t)
                own = b.evaluate("[...document.querySelectorAll('section.candidate')].map(s => s.dataset.candidate)")
                checks["ownResult"] = decision == "deferred" and own == [c1["id"]]
                over = b.run(SIDE_SCROLL_JS)
                checks["phone.record"] = over <= 1
                if over > 1:
                    extra["phone.record"] = {"sideScroll": over}
                axe(b, "record")

            lap("phone")
            # 7. Problem statements on a second session, in the define phase: two French phones.
            define = new_session(api)
            goto_phase(api, define["id"], "define", "problem statements")
            writer = invite(define, "participant", "g1")
            statement = "Comment aider les étudiants à covoiturer vers le campus ?"
            mine = "document.querySelector('atelier-problem-statement')"
            item = "document.querySelector(\"atelier-problem-list li[data-group-id='g1']\")"
            with browser(lang="fr-FR", device="phone") as b, browser(lang="fr-FR", device="phone") as f:
                b.open(f"{server.base}/?token={writer['token']}")
                b.wait_for(f"document.querySelector('atelier-participant-home')?.dataset.live === 'online' && {mine}?.dataset.state === 'none' && {mine}.querySelector('textarea')", timeout=t)
                b.run(f"{mine}.querySelector('textarea').focus()")
                press(b, statement)
                click(b, "atelier-problem-statement button[type='submit']", t)
                b.wait_for(f"{mine}.dataset.state === 'waiting' && {mine}.dataset.dirty === 'false' && {mine}.querySelector('.notice.ok')", timeout=t)
                saved = next(g for g in api.get(f"/sessions/{define['id']}")["groups"] if g["id"] == "g1").get("problem") or {}
                checks["problemSaved"] = saved.get("text") == statement and saved.get("approvedAt") is None
                checks["noResultsAskedBeforePitch"] = b.evaluate(
                    "!performance.getEntriesByType('resource').some(e => /\\/results(\\?|$)/.test(e.name))")
                on_phone(b, "problem", known + [statement])
                axe(b, "problemStatement")

                f.open(f"{server.base}/?token={server.token}#/sessions/{define['id']}")
                f.wait_for(f"document.querySelector('atelier-session-view')?.dataset.live === 'online' && {item}?.dataset.state === 'waiting'", timeout=t)
                on_phone(f, "problemList", known + [statement, writer["name"]])
                axe(f, "problemList")
                click(f, "atelier-problem-list li[data-group-id='g1'] button[data-action='approve']", t)
                f.wait_for(f"{item}.dataset.state === 'approved'", timeout=t)
                b.wait_for(f"{mine}.dataset.state === 'approved'", timeout=t)
                checks["savedNoticeGoneOnApproval"] = b.evaluate(f"!{mine}.querySelector('.notice.ok')")
                approved = next(g for g in api.get(f"/sessions/{define['id']}")["groups"] if g["id"] == "g1").get("problem") or {}
                checks["problemApprovedLive"] = isinstance(approved.get("approvedAt"), (int, float)) and approved.get("text") == statement
                shot(b, "jury-problem-phone.png")
    except Exception as e:  # noqa: BLE001
        traceback.print_exc()
        extra["error"] = f"{type(e).__name__}: {e}"[:600]
    lap("problem")
    extra["seconds"] = round(time.monotonic() - started, 1)
    extra["laps"] = laps
    extra["axeSetAside"] = AXE_DISABLED
    return report(checks, violations={k: v for k, v in violations.items() if v}, **extra)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
