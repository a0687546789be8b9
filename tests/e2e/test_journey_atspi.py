#!/usr/bin/python3
"""End-to-end: a DBA's journey through the real `dms-extpack --demo`, driven through the
accessibility tree as a screen reader would (AT-SPI over D-Bus, pyatspi):
1. apply the extension pack to "erp-migration" and follow the request to SUCCESS;
2. apply it to "payroll-migration", whose installation fails on privileges: the requests panel
   explains the failure in the catalogue's words, and nothing opens on its own or takes the focus;
3. View > History lists that Start as failed, with the request id the panel showed;
4. the project with the longest name DMS allows neither widens the window nor pushes it, or the
   confirmation and its buttons, off the screen.

Runs like test_apply_atspi.py (see atspi_support.py for what it needs).
Usage: test_journey_atspi.py [PATH_TO_DMS_EXTPACK] (default: $DMSX_EXTPACK_BIN).
"""

import os
import re
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from atspi_support import (App, CONFIRM_BUTTON, CONFIRM_DIALOG, DEMO_TIME_SCALE, SOURCE_ROOT,
                           WINDOW_TITLE, StepFailed, actions, cell_description, children,
                           demo_scenario, extents,
                           find, log, main, name, press, role, screen_size, showing, table_headers,
                           table_rows, wait_for)

SUCCEEDING = "erp-migration"
FAILING = "payroll-migration"
FAILURE_KEY = "AssociationFailed.Privileges"
EXPLANATION = "Why the request ended"
START = "StartExtensionPackAssociation"
# How the history words the outcomes that no longer change (ui/history/HistoryModel).
FINAL_OUTCOMES = ("Succeeded", "Failed", "Cancelled", "Unknown")


def catalogue_title(key):
    """The title core/base/FaultCatalogue.cpp gives the entry `key`: what the window must show."""
    path = os.path.join(SOURCE_ROOT, "core", "base", "FaultCatalogue.cpp")
    with open(path, encoding="utf-8") as f:
        source = f.read()
    # The entry's first translated string is its title.
    entry = re.search(r'\{"' + re.escape(key) + r'",.*?QT_TRANSLATE_NOOP\("FaultCatalogue",\s*'
                      r'"((?:[^"\\]|\\.)*)"\)', source, re.S)
    if entry is None:
        raise StepFailed(f"FaultCatalogue.cpp has no entry '{key}' with a title")
    return entry.group(1).encode().decode("unicode_escape")


def within(box, screen):
    x, y, w, h = box
    return w > 0 and h > 0 and x >= 0 and y >= 0 and x + w <= screen[0] and y + h <= screen[1]


def run(binary, scratch):
    projects = demo_scenario()["projects"]
    failing = next((p for p in projects if p["name"] == FAILING), None)
    if failing is None or "privileges" not in failing.get("asyncFailure", ""):
        raise StepFailed(f"sim/scenarios/demo.json: '{FAILING}' no longer fails on privileges")
    longest = next((p["name"] for p in projects if len(p["name"]) == 255), None)
    if longest is None:
        raise StepFailed("sim/scenarios/demo.json: no project has a 255-character name")
    title = catalogue_title(FAILURE_KEY)
    screen = screen_size()

    app = App(binary, scratch, ["--demo", "--demo-time-scale", DEMO_TIME_SCALE])
    try:
        step = "0. the main window lists the demo's projects"
        app.attach(step)
        app.wait_for_window(step)
        total = app.wait_for_project(step, FAILING)
        log(f"ok {step} ({total} projects)")

        # --- 1
        step = f"1. applying to {SUCCEEDING} ends in SUCCESS in its requests panel"
        app.apply_until_success(step, SUCCEEDING, total)
        log(f"ok {step}")

        # --- 2
        step = f"2a. applying to {FAILING} ends FAILED in its requests panel, with no dialog"
        app.filter_to(step, FAILING, total)
        app.select_project(step, FAILING)
        app.open_confirmation(step)
        app.confirm(step)
        # With no window manager nothing refocuses the main window once the dialog is gone: do
        # it as the user's click would, so step 2c can tell whether the failure took it away.
        app.give_focus(step)
        early = any("FAILED" in r for r in table_rows(app.requests_table()))

        def failed_row():
            opened = app.other_windows()
            if opened:
                raise StepFailed(f"{step}: '{opened[0]}' opened on its own")
            rows = table_rows(app.requests_table())
            if any("SUCCESS" in r for r in rows):
                raise StepFailed(f"{step}: the request succeeded: {rows}")
            return next((r for r in rows if "FAILED" in r), None)

        row = wait_for(step, failed_row, 60, lambda: f"requests: {table_rows(app.requests_table())}")
        short_id = row[0].rstrip("\u2026")
        # The cell shows a short id; its accessible description carries the whole one.
        rows_now = table_rows(app.requests_table())
        described = cell_description(app.requests_table(), rows_now.index(row), 0)
        panel_id = described.removeprefix("Request ").strip()
        if not panel_id.startswith(short_id) or len(panel_id) <= len(short_id):
            raise StepFailed(f"{step}: the request cell '{row[0]}' does not describe its whole "
                             f"identifier (description: '{described}')")
        log(f"ok {step}: request {row[0]}")

        step = "2b. the requests panel explains the failure in the catalogue's words"

        def explanation():
            pane = app.details()
            return pane and find(pane, lambda n: name(n).startswith(EXPLANATION) and showing(n))

        panel = wait_for(step, explanation, 20,
                         lambda: "details pane: "
                                 f"{[name(c) for c in children(app.details() or app.fresh())]}")
        texts = [name(n) for n in children(panel) if showing(n)]
        if title not in texts:
            raise StepFailed(f"{step}: the explanation does not show the title '{title}'; "
                             f"it reads {texts}")
        if not any("privilege" in t.lower() for t in texts if t != title):
            raise StepFailed(f"{step}: beyond its title the explanation never mentions privileges; "
                             f"it reads {texts}")
        log(f"ok {step}: '{title}'")

        step = "2c. the failure neither opened a window nor took the focus from the main window"
        opened = app.other_windows()
        if opened:
            raise StepFailed(f"{step}: '{opened[0]}' opened on its own")
        active = app.active_windows()
        if active != [f"frame '{WINDOW_TITLE}'"]:
            raise StepFailed(f"{step}: the active window is not the main window alone: {active}")
        # Rarely the request ends before the focus is given; any window it opened is caught still.
        log(f"ok {step}" + (" (the request had ended before the focus was given)" if early else ""))

        # --- 3
        step = "3a. View > History opens the history"
        item = app.find(lambda n: role(n) in ("menu item", "check menu item")
                        and name(n) == "History")
        if item is None:
            raise StepFailed(f"{step}: no menu item named 'History' (View menu)")
        click = actions(item)
        chosen = next((a for a in ("Click", "Press", "Toggle") if a in click), None)
        if chosen is None or not item.queryAction().doAction(click[chosen]):
            raise StepFailed(f"{step}: the 'History' menu item cannot be clicked "
                             f"(actions: {sorted(click)})")
        history = lambda: app.find(lambda n: role(n) == "table" and name(n) == "Request history"
                                   and showing(n))
        table = wait_for(step, history, 20, lambda: "no showing table named 'Request history'")
        headers = table_headers(table)
        wanted = ("Operation", "Project", "Outcome", "DMS request")
        missing = [h for h in wanted if h not in headers]
        if missing:
            raise StepFailed(f"{step}: the history's columns {missing} have no header; "
                             f"headers: {headers}")
        col = {h: headers.index(h) for h in wanted}
        log(f"ok {step}")

        step = f"3b. the history's Start row for {FAILING} reads Failed, with the panel's request id"

        def start_row():
            rows = [r for r in table_rows(history())
                    if r[col["Operation"]] == START and r[col["Project"]] == FAILING]
            return rows[0] if rows and rows[0][col["Outcome"]] in FINAL_OUTCOMES else None

        start = wait_for(step, start_row, 30, lambda: f"rows: {table_rows(history())}")
        if start[col["Outcome"]] != "Failed":
            raise StepFailed(f"{step}: its outcome reads '{start[col['Outcome']]}', not 'Failed'")
        full_id = start[col["DMS request"]]
        if len(short_id) < 8 or full_id != panel_id:
            raise StepFailed(f"{step}: the history's DMS request '{full_id}' is not the panel's "
                             f"'{row[0]}'")
        log(f"ok {step}: {full_id}")

        # --- 4
        step = "4a. selecting the 255-character project keeps the window's width, on the screen"
        before = extents(app.wait_for_window(step))
        if not within(before, screen):
            raise StepFailed(f"{step}: before the selection the window {before} is off the "
                             f"{screen[0]}x{screen[1]} screen")
        app.filter_to(step, longest, total)
        app.select_project(step, longest)
        after = extents(app.wait_for_window(step))
        if not within(after, screen):
            raise StepFailed(f"{step}: the window {after} leaves the {screen[0]}x{screen[1]} screen")
        if after[2] != before[2]:
            raise StepFailed(f"{step}: the window's width changed from {before[2]} to {after[2]}")
        log(f"ok {step}: {after}")

        step = "4b. its confirmation and both of its buttons lie on the screen"
        dialog = app.open_confirmation(step)
        boxes = {CONFIRM_DIALOG: extents(dialog)}
        for label in (CONFIRM_BUTTON, "Cancel"):
            button = find(dialog, lambda n: role(n) == "push button" and name(n) == label)
            if button is None:
                raise StepFailed(f"{step}: the confirmation has no '{label}' button")
            boxes[label + " button"] = extents(button)
        off = {k: v for k, v in boxes.items() if not within(v, screen)}
        if off:
            raise StepFailed(f"{step}: off the {screen[0]}x{screen[1]} screen: {off}")
        log(f"ok {step}")

        step = "4c. Cancel closes the confirmation and starts nothing"
        cancel = find(app.confirmation(), lambda n: role(n) == "push button" and name(n) == "Cancel")
        press(cancel, step)
        wait_for(step, lambda: app.confirmation() is None, 20, lambda: "the dialog is still open")
        started = table_rows(app.requests_table())
        if started:
            raise StepFailed(f"{step}: the project lists requests: {started}")
        log(f"ok {step}")
    finally:
        app.kill()


if __name__ == "__main__":
    sys.exit(main(run))
