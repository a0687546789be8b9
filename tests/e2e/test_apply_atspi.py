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

from atspi_support import (App, CONFIRM_DIALOG, DEMO_TIME_SCALE, StepFailed, log, main,
                           table_rows, wait_for)

PROJECT = "erp-migration"


def run(binary, scratch):
    app = App(binary, scratch, ["--demo", "--demo-time-scale", DEMO_TIME_SCALE])
    try:
        step = "1. dms-extpack appears on the accessibility bus"
        app.attach(step)
        log(f"ok {step}")

        step = "2. the main window lists the projects, including " + PROJECT
        app.wait_for_window(step)
        total = app.wait_for_project(step, PROJECT)
        log(f"ok {step} ({total} projects)")

        step = "3. typing the filter narrows the table to " + PROJECT
        shown = app.filter_to(step, PROJECT, total)
        log(f"ok {step} ({shown} rows match)")

        step = "4. selecting the row makes it the project in the details pane"
        app.select_project(step, PROJECT)
        before = table_rows(app.requests_table())
        if any("SUCCESS" in r for r in before):
            raise StepFailed(f"{step}: the project already shows a SUCCESS request: {before}")
        log(f"ok {step}")

        step = "5. 'Apply extension pack\u2026' opens the confirmation"
        app.open_confirmation(step)
        log(f"ok {step}")

        step = "6. the confirmation's Apply button starts the request"
        app.confirm(step)
        log(f"ok {step}")

        step = "7. the details pane and the status bar show SUCCESS"

        def succeeded():
            rows = table_rows(app.requests_table())
            failed = [r for r in rows if "FAILED" in r]
            if failed:
                raise StepFailed(f"{step}: the request FAILED: {failed}")
            opened = app.other_windows(but=(CONFIRM_DIALOG,))
            if opened:
                raise StepFailed(f"{step}: a dialog '{opened[0]}' opened instead")
            # The status bar names the outcome in words ("Extension pack installed on ..."):
            # it must speak of this project and not of a failure.
            status = app.status_bar()
            return (any("SUCCESS" in r for r in rows) and PROJECT in status
                    and "not applied" not in status)

        wait_for(step, succeeded, 90,
                 lambda: f"requests: {table_rows(app.requests_table())}, "
                         f"status bar: '{app.status_bar()}'")
        log(f"ok {step}: status bar '{app.status_bar()}'")
    finally:
        app.kill()


if __name__ == "__main__":
    sys.exit(main(run))
