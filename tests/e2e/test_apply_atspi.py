#!/usr/bin/python3
"""End-to-end: drive the real `dms-extpack --demo` through the accessibility tree, as a screen
reader would (AT-SPI over D-Bus, pyatspi): find the project "erp-migration", select it, apply
the extension pack, confirm, and see the request reach SUCCESS.

Needs an X display (Xvfb, the xcb platform: offscreen exposes nothing to AT-SPI) and a D-Bus
session (scripts/with-session.sh provides both); QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 puts the
app on the accessibility bus. Usage: test_apply_atspi.py [PATH_TO_DMS_EXTPACK]
(default: $DMSX_EXTPACK_BIN). Exit 0 pass, 1 fail.
The shared pieces are in atspi_support.py.
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from atspi_support import (App, StepFailed, actions, children, find, log, main, name, press, role,
                           table_rows, wait_for)

PROJECT = "erp-migration"
APPLY_ACTION = "Apply extension pack\u2026"
DIALOG_NAME = "Apply extension pack"
CONFIRM_BUTTON = "Apply extension pack"
# Associations in the demo take 30 s; at 30x they finish in about a second and the window polls
# 30x as often, so the whole run stays short without changing what is exercised.
TIME_SCALE = "30"


def run(binary, scratch):
    app = App(binary, scratch, ["--demo", "--demo-time-scale", TIME_SCALE])
    try:
        step = "1. dms-extpack appears on the accessibility bus"
        app.attach(step)
        log(f"ok {step}")
        fresh = app.fresh

        step = "2. the main window lists the projects, including " + PROJECT
        app.wait_for_window(step)
        table_of = app.projects_table
        status_bar = app.status_bar
        total = app.wait_for_project(step, PROJECT)
        log(f"ok {step} ({total} projects)")

        step = "3. typing the filter narrows the table to " + PROJECT
        field = find(fresh(), lambda n: role(n) == "text" and name(n) == "Filter projects")
        if field is None:
            raise StepFailed(f"{step}: no text field named 'Filter projects'")
        if not field.queryEditableText().setTextContents(PROJECT):
            raise StepFailed(f"{step}: the filter field refused the text")

        def filtered():
            rows = table_rows(table_of())
            names = [r[0] for r in rows if r]
            return 0 < len(rows) < total and PROJECT in names and all(PROJECT in n for n in names)

        wait_for(step, filtered, 20, lambda: f"rows: {[r[0] for r in table_rows(table_of()) if r]}")
        log(f"ok {step} ({len(table_rows(table_of()))} rows match)")

        step = "4. selecting the row makes it the project in the details pane"
        table = table_of()
        row = [r[0] for r in table_rows(table)].index(PROJECT)
        if not table.queryTable().addRowSelection(row):
            raise StepFailed(f"{step}: the table refused to select row {row}")
        details = lambda: find(fresh(), lambda n: name(n) == "Project details")
        apply_button = lambda: find(fresh(), lambda n: role(n) == "push button"
                                    and name(n) == APPLY_ACTION)

        def selected():
            pane = details()
            shown = pane is not None and find(pane, lambda n: role(n) == "label"
                                              and name(n) == PROJECT) is not None
            button = apply_button()
            return shown and button is not None and "Press" in actions(button)

        wait_for(step, selected, 20,
                 lambda: f"details pane labels: {[name(c) for c in children(details() or fresh())]}, "
                         f"'{APPLY_ACTION}' actions: {sorted(actions(apply_button() or fresh()))}")
        requests_table = lambda: find(details(), lambda n: role(n) == "table"
                                      and name(n) == "Extension-pack requests")
        before = table_rows(requests_table())
        if any("SUCCESS" in r for r in before):
            raise StepFailed(f"{step}: the project already shows a SUCCESS request: {before}")
        log(f"ok {step}")

        step = f"5. '{APPLY_ACTION}' opens the confirmation"
        press(apply_button(), step)
        dialog = lambda: find(fresh(), lambda n: role(n) == "dialog" and name(n) == DIALOG_NAME)
        wait_for(step, dialog, 30,
                 lambda: f"status bar: '{status_bar()}', top-level windows: "
                         f"{[(role(c), name(c)) for c in children(fresh())]}")
        log(f"ok {step}")

        step = "6. the confirmation's Apply button starts the request"
        confirm = find(dialog(), lambda n: role(n) == "push button" and name(n) == CONFIRM_BUTTON)
        if confirm is None:
            raise StepFailed(f"{step}: no push button named '{CONFIRM_BUTTON}' in the dialog")
        press(confirm, step)
        wait_for(step, lambda: dialog() is None, 20, lambda: "the dialog is still open")
        log(f"ok {step}")

        step = "7. the details pane and the status bar show SUCCESS"

        def succeeded():
            rows = table_rows(requests_table())
            failed = [r for r in rows if "FAILED" in r]
            if failed:
                raise StepFailed(f"{step}: the request FAILED: {failed}")
            fault = find(fresh(), lambda n: role(n) in ("dialog", "alert") and name(n) != DIALOG_NAME)
            if fault is not None:
                raise StepFailed(f"{step}: a dialog '{name(fault)}' opened instead")
            # The status bar names the outcome in words ("Extension pack installed on ..."):
            # it must speak of this project and not of a failure.
            status = status_bar()
            return (any("SUCCESS" in r for r in rows) and PROJECT in status
                    and "not applied" not in status)

        wait_for(step, succeeded, 90,
                 lambda: f"requests: {table_rows(requests_table())}, status bar: '{status_bar()}'")
        log(f"ok {step}: status bar '{status_bar()}'")
    finally:
        app.kill()


if __name__ == "__main__":
    sys.exit(main(run))
