#!/usr/bin/python3
"""End-to-end: the prerequisite checks of the real `dms-extpack --demo`, through the
accessibility tree as a screen reader would: select "docs-versioning-off-migration" (its S3
bucket keeps no versions), press "Check prerequisites", hear the checklist's problem row, apply,
find "Apply anyway" in the confirmation, press it, and see the installation fail as AWS fails it.

Needs an X display and a D-Bus session (scripts/with-session.sh). Usage:
test_checks_atspi.py [PATH_TO_DMS_EXTPACK] (default: $DMSX_EXTPACK_BIN). Exit 0 pass, 1 fail.
"""

import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from atspi_support import (App, DEMO_TIME_SCALE, StepFailed, find, log, main, name, press, role,
                           table_rows, wait_for)

PROJECT = "docs-versioning-off-migration"
CHECK_ACTION = "Check prerequisites"
APPLY_ANYWAY = "Apply anyway"


def checklist(app):
    pane = app.details()
    return pane and find(pane, lambda n: role(n) in ("table", "tree table", "tree")
                         and name(n) == "Prerequisite checks")


def rows_with(app, word):
    return [r for r in table_rows(checklist(app)) if word in r]


def run(binary, scratch):
    app = App(binary, scratch, ["--demo", "--demo-time-scale", DEMO_TIME_SCALE])
    try:
        step = "1. dms-extpack appears on the accessibility bus and lists " + PROJECT
        app.attach(step)
        app.wait_for_window(step)
        total = app.wait_for_project(step, PROJECT)
        app.filter_to(step, PROJECT, total)
        app.select_project(step, PROJECT)
        log(f"ok {step}")

        step = "2. 'Check prerequisites' fills the checklist, one problem among passes"
        button = app.find(lambda n: role(n) == "push button" and name(n) == CHECK_ACTION)
        if button is None:
            raise StepFailed(f"{step}: no push button named '{CHECK_ACTION}'")
        press(button, step)

        def checked():
            rows = table_rows(checklist(app))
            return len(rows) >= 11 and not any("Checking\u2026" in r for r in rows)

        wait_for(step, checked, 60, lambda: f"checklist: {table_rows(checklist(app))}")
        problems = rows_with(app, "Problem")
        if len(problems) != 1 or "S3 bucket and versioning" not in problems[0]:
            raise StepFailed(f"{step}: expected the bucket's row alone as a problem: {problems}")
        if not any("Versioning is off" in cell for cell in problems[0]):
            raise StepFailed(f"{step}: the problem row does not say what was found: {problems[0]}")
        log(f"ok {step}: {problems[0]}")

        step = "3. applying asks with the finding, and the button says 'Apply anyway'"
        dialog = app.open_confirmation(step)
        anyway = find(dialog, lambda n: role(n) == "push button" and name(n) == APPLY_ANYWAY)
        if anyway is None:
            raise StepFailed(f"{step}: no push button named '{APPLY_ANYWAY}' in the confirmation")
        said = find(dialog, lambda n: "S3 bucket and versioning" in name(n)
                    and "Versioning is off" in name(n))
        if said is None:
            raise StepFailed(f"{step}: the confirmation does not say the problem and its finding")
        log(f"ok {step}: '{name(said)}'")

        step = "4. 'Apply anyway' starts it, and DMS fails it for the reason the check gave"
        press(anyway, step)
        wait_for(step, lambda: app.confirmation() is None, 20, lambda: "the dialog is still open")

        def failed():
            return any("FAILED" in r for r in table_rows(app.requests_table()))

        wait_for(step, failed, 90, lambda: f"requests: {table_rows(app.requests_table())}, "
                                           f"status bar: '{app.status_bar()}'")
        wait_for(step, lambda: "versioning is off" in app.status_bar(), 20,
                 lambda: f"status bar: '{app.status_bar()}'")
        log(f"ok {step}: status bar '{app.status_bar()}'")
    finally:
        app.kill()


if __name__ == "__main__":
    sys.exit(main(run))
