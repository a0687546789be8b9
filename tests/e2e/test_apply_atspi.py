#!/usr/bin/python3
"""End-to-end: drive the real `dms-extpack --demo` through the accessibility tree, as a screen
reader would (AT-SPI over D-Bus, pyatspi): find the project "erp-migration", select it, apply
the extension pack, confirm, and see the request reach SUCCESS.

Needs an X display (Xvfb, the xcb platform: offscreen exposes nothing to AT-SPI) and a D-Bus
session (scripts/with-session.sh provides both); QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 puts the
app on the accessibility bus. Usage: test_apply_atspi.py [PATH_TO_DMS_EXTPACK]
(default: $DMSX_EXTPACK_BIN). Exit 0 pass, 1 fail, 77 skipped (no display or session bus).
"""

import ctypes
import ctypes.util
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

PROJECT = "erp-migration"
WINDOW_TITLE = "DMS Extension Pack Manager"
APPLY_ACTION = "Apply extension pack\u2026"
DIALOG_NAME = "Apply extension pack"
CONFIRM_BUTTON = "Apply extension pack"
# Associations in the demo take 30 s; at 30x they finish in about a second and the window polls
# 30x as often, so the whole run stays short without changing what is exercised.
TIME_SCALE = "30"
POLL_S = 0.1


class StepFailed(Exception):
    pass


def log(text):
    print(text, flush=True)


def wait_for(step, probe, timeout, detail=lambda: ""):
    """Polls probe() until it returns something truthy; fails the step with detail() otherwise."""
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            extra = detail()
            raise StepFailed(f"{step}: not within {timeout} s" + (f" ({extra})" if extra else ""))
        time.sleep(POLL_S)


def role(node):
    try:
        return node.getRoleName()
    except Exception:  # the node vanished between listing and asking
        return ""


def name(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def children(node):
    try:
        return [c for c in node if c is not None]
    except Exception:
        return []


def find(root, predicate):
    """Depth-first search; table cells are reached through the Table interface, not here."""
    if predicate(root):
        return root
    if role(root) == "table":
        return None
    for child in children(root):
        hit = find(child, predicate)
        if hit is not None:
            return hit
    return None


def actions(node):
    try:
        action = node.queryAction()
    except NotImplementedError:
        return {}
    return {action.getName(i): i for i in range(action.nActions)}


def press(node, step):
    names = actions(node)
    if "Press" not in names:
        raise StepFailed(f"{step}: '{name(node)}' offers no Press action (actions: {sorted(names)})")
    if not node.queryAction().doAction(names["Press"]):
        raise StepFailed(f"{step}: the Press action on '{name(node)}' was refused")


def table_rows(table):
    t = table.queryTable()
    return [[name(t.getAccessibleAt(r, c)) for c in range(t.nColumns)] for r in range(t.nRows)]


class App:
    """The dms-extpack process and its accessible application object."""

    def __init__(self, binary, scratch):
        env = dict(os.environ)
        env.update({
            "QT_QPA_PLATFORM": "xcb",
            "QT_LINUX_ACCESSIBILITY_ALWAYS_ON": "1",
            # Saved window state, running requests and history live in a throwaway home, so a
            # previous run (or the developer's own state) cannot preselect or pre-apply anything.
            "HOME": scratch,
            "XDG_CONFIG_HOME": os.path.join(scratch, "config"),
            "XDG_DATA_HOME": os.path.join(scratch, "data"),
            "XDG_CACHE_HOME": os.path.join(scratch, "cache"),
        })
        self.stderr_path = os.path.join(scratch, "dms-extpack.stderr")
        self.stderr = open(self.stderr_path, "wb")
        # Its own process group, so the kill at the end reaches anything it started.
        self.process = subprocess.Popen(
            [binary, "--demo", "--demo-time-scale", TIME_SCALE],
            env=env, stdout=subprocess.DEVNULL, stderr=self.stderr, start_new_session=True)
        self.node = None

    def stderr_tail(self):
        self.stderr.flush()
        with open(self.stderr_path, "rb") as f:
            return f.read()[-2000:].decode("utf-8", "replace").strip()

    def check_alive(self, step):
        if self.process.poll() is not None:
            raise StepFailed(f"{step}: dms-extpack exited with code {self.process.returncode}; "
                             f"stderr: {self.stderr_tail() or '(empty)'}")

    def kill(self):
        if self.process.poll() is None:
            for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 10)):
                try:
                    os.killpg(self.process.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.process.wait(timeout=grace)
                    break
                except subprocess.TimeoutExpired:
                    continue
        self.stderr.close()


def run(binary, scratch):
    import pyatspi  # here, so a missing package is a clear failure, not an import traceback

    app = App(binary, scratch)
    try:
        step = "1. dms-extpack appears on the accessibility bus"

        def on_bus():
            app.check_alive(step)
            for candidate in children(pyatspi.Registry.getDesktop(0)):
                try:
                    if candidate.get_process_id() == app.process.pid:
                        return candidate
                except Exception:
                    continue
            return None

        app.node = wait_for(step, on_bus, 30,
                            lambda: "is QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 set and the platform xcb?")
        log(f"ok {step}")

        def fresh():
            # Nothing here runs a GLib main loop, so AT-SPI's cache never hears about changes:
            # drop it before each look so every poll reads the application's current state.
            app.check_alive("the app is running")
            app.node.clear_cache()
            return app.node

        step = "2. the main window lists the projects, including " + PROJECT
        wait_for(step, lambda: find(fresh(), lambda n: role(n) == "frame"
                                    and name(n) == WINDOW_TITLE), 30)
        table_of = lambda: find(fresh(), lambda n: role(n) == "table"
                                and name(n) == "Migration projects")
        status_bar = lambda: name(find(fresh(), lambda n: role(n) == "status bar") or fresh())

        def listed():
            table = table_of()
            return table is not None and any(r and r[0] == PROJECT for r in table_rows(table))

        wait_for(step, listed, 60, lambda: f"status bar: '{status_bar()}'")
        total = len(table_rows(table_of()))
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


def hold_display():
    """Opens (and never closes: the process exit does) a connection to $DISPLAY; None if refused."""
    library = ctypes.util.find_library("X11")
    if not library:
        return True  # cannot hold one; the run may still pass
    xlib = ctypes.CDLL(library)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    return xlib.XOpenDisplay(None)


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("DMSX_EXTPACK_BIN", "")
    if not binary or not os.access(binary, os.X_OK):
        log(f"FAIL: no dms-extpack executable (argument or DMSX_EXTPACK_BIN): '{binary}'")
        return 1
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        log("SKIP: needs an X display and a D-Bus session; run under scripts/with-session.sh")
        return 77
    # Xvfb resets itself whenever its last client disconnects and refuses connections meanwhile;
    # the a11y bus launcher connects and leaves just as the app starts, so without a client of our
    # own the app sometimes dies with "could not connect to display". Hold one for the whole run.
    display = hold_display()
    if not display:
        log(f"FAIL: cannot connect to the X display {os.environ['DISPLAY']}")
        return 1
    scratch = tempfile.mkdtemp(prefix="dmsx-e2e-")
    try:
        run(binary, scratch)
    except StepFailed as failure:
        log(f"FAIL: {failure}")
        return 1
    except ImportError as missing:
        log(f"FAIL: {missing} (install python3-pyatspi; run with /usr/bin/python3)")
        return 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    log("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
