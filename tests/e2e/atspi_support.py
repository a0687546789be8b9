"""What the end-to-end tests share: they drive the real `dms-extpack` through the accessibility
tree, as a screen reader would (AT-SPI over D-Bus, pyatspi).

Needs an X display (Xvfb, the xcb platform: offscreen exposes nothing to AT-SPI) and a D-Bus
session (scripts/with-session.sh provides both); QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 puts the
app on the accessibility bus. A test calls main(run) and takes [PATH_TO_DMS_EXTPACK] as its
argument (default: $DMSX_EXTPACK_BIN). Exit 0 pass, 1 fail (a missing display or session bus too).
"""

import ctypes
import ctypes.util
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

WINDOW_TITLE = "DMS Extension Pack Manager"
POLL_S = 0.1
SOURCE_ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
APPLY_ACTION = "Apply extension pack\u2026"
CONFIRM_DIALOG = "Apply extension pack"
CONFIRM_BUTTON = "Apply extension pack"
# Associations in the demo take 30 s; at 30x they finish in about a second and the window polls
# 30x as often, so a run stays short without changing what is exercised.
DEMO_TIME_SCALE = "30"


def demo_scenario():
    """sim/scenarios/demo.json, what --demo serves."""
    with open(os.path.join(SOURCE_ROOT, "sim", "scenarios", "demo.json"), encoding="utf-8") as f:
        return json.load(f)


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


def showing(node):
    import pyatspi
    try:
        return node.getState().contains(pyatspi.STATE_SHOWING)
    except Exception:
        return False


def extents(node):
    """(x, y, width, height) on the screen."""
    import pyatspi
    box = node.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    return box.x, box.y, box.width, box.height


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


def cell_description(table, row, column):
    try:
        return table.queryTable().getAccessibleAt(row, column).description or ""
    except Exception:
        return ""


def table_rows(table):
    if table is None:
        return []
    t = table.queryTable()
    return [[name(t.getAccessibleAt(r, c)) for c in range(t.nColumns)] for r in range(t.nRows)]


def table_headers(table):
    t = table.queryTable()
    return [name(t.getColumnHeader(c)) if t.getColumnHeader(c) is not None else ""
            for c in range(t.nColumns)]


class App:
    """The dms-extpack process and its accessible application object.

    Runs `binary args` with HOME and the XDG folders inside `scratch`, and `extra_env`;
    environment variables whose names start with one of `unset_prefixes` are not passed on."""

    def __init__(self, binary, scratch, args, unset_prefixes=(), extra_env=None):
        env = {k: v for k, v in os.environ.items() if not k.startswith(tuple(unset_prefixes))}
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
        env.update(extra_env or {})
        self.stderr_path = os.path.join(scratch, "dms-extpack.stderr")
        self.stderr = open(self.stderr_path, "wb")
        # Its own process group, so the kill at the end reaches anything it started.
        self.process = subprocess.Popen(
            [binary] + list(args),
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

    def attach(self, step):
        """Waits until the process is on the accessibility bus; returns its application object."""
        import pyatspi  # here, so a missing package is a clear failure, not an import traceback

        def on_bus():
            self.check_alive(step)
            for candidate in children(pyatspi.Registry.getDesktop(0)):
                try:
                    if candidate.get_process_id() == self.process.pid:
                        return candidate
                except Exception:
                    continue
            return None

        self.node = wait_for(step, on_bus, 30,
                             lambda: "is QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 set and the platform xcb?")
        return self.node

    def fresh(self):
        # Nothing here runs a GLib main loop, so AT-SPI's cache never hears about changes:
        # drop it before each look so every poll reads the application's current state.
        self.check_alive("the app is running")
        self.node.clear_cache()
        return self.node

    def find(self, predicate):
        return find(self.fresh(), predicate)

    def wait_for_window(self, step):
        return wait_for(step, lambda: self.find(lambda n: role(n) == "frame"
                                                and name(n) == WINDOW_TITLE), 30)

    def status_bar(self):
        return name(self.find(lambda n: role(n) == "status bar") or self.fresh())

    def projects_table(self):
        return self.find(lambda n: role(n) == "table" and name(n) == "Migration projects")

    def wait_for_project(self, step, project):
        """Waits until the projects table lists `project`; returns the number of rows then."""
        def listed():
            table = self.projects_table()
            return table is not None and any(r and r[0] == project for r in table_rows(table))

        wait_for(step, listed, 60, lambda: f"status bar: '{self.status_bar()}'")
        return len(table_rows(self.projects_table()))

    def details(self):
        return self.find(lambda n: name(n) == "Project details")

    def apply_button(self):
        return self.find(lambda n: role(n) == "push button" and name(n) == APPLY_ACTION)

    def requests_table(self):
        pane = self.details()
        return pane and find(pane, lambda n: role(n) == "table"
                             and name(n) == "Extension-pack requests")

    def confirmation(self):
        return self.find(lambda n: role(n) == "dialog" and name(n) == CONFIRM_DIALOG)

    def filter_to(self, step, project, total):
        """Types `project` into "Filter projects"; waits until the table lists only rows that
        contain it, fewer than `total`."""
        field = self.find(lambda n: role(n) == "text" and name(n) == "Filter projects")
        if field is None:
            raise StepFailed(f"{step}: no text field named 'Filter projects'")
        if not field.queryEditableText().setTextContents(project):
            raise StepFailed(f"{step}: the filter field refused the text")

        def filtered():
            names = [r[0] for r in table_rows(self.projects_table()) if r]
            return 0 < len(names) < total and project in names and all(project in n for n in names)

        wait_for(step, filtered, 20,
                 lambda: f"rows: {[r[0] for r in table_rows(self.projects_table()) if r]}")
        return len(table_rows(self.projects_table()))

    def select_project(self, step, project):
        """Selects the row of `project` (listed in the table); waits until the details pane shows
        it and its Apply button can be pressed."""
        table = self.projects_table()
        names = [r[0] for r in table_rows(table)]
        if project not in names:
            raise StepFailed(f"{step}: the table does not list '{project}': {names}")
        row = names.index(project)
        if not table.queryTable().addRowSelection(row):
            raise StepFailed(f"{step}: the table refused to select row {row}")

        def selected():
            pane = self.details()
            shown = pane is not None and find(pane, lambda n: role(n) == "label"
                                              and name(n) == project) is not None
            button = self.apply_button()
            return shown and button is not None and "Press" in actions(button)

        def detail():
            labels = [name(c) for c in children(self.details() or self.fresh())]
            offered = sorted(actions(self.apply_button() or self.fresh()))
            return f"details pane labels: {labels}, '{APPLY_ACTION}' actions: {offered}"

        wait_for(step, selected, 20, detail)

    def open_confirmation(self, step):
        """Presses the Apply button; returns the confirmation dialog once it is open."""
        press(self.apply_button(), step)
        return wait_for(step, self.confirmation, 30,
                        lambda: f"status bar: '{self.status_bar()}', top-level windows: "
                                f"{[(role(c), name(c)) for c in children(self.fresh())]}")

    def confirm(self, step):
        """Presses the open confirmation's Apply button; waits until the dialog has closed."""
        dialog = self.confirmation()
        button = dialog and find(dialog, lambda n: role(n) == "push button"
                                 and name(n) == CONFIRM_BUTTON)
        if button is None:
            raise StepFailed(f"{step}: no push button named '{CONFIRM_BUTTON}' in the dialog")
        press(button, step)
        wait_for(step, lambda: self.confirmation() is None, 20, lambda: "the dialog is still open")

    def apply_until_success(self, step, project, total):
        """Applies the extension pack to `project` (filtered to, selected, confirmed) and waits
        until its requests panel shows SUCCESS; a FAILED request fails the step."""
        self.filter_to(step, project, total)
        self.select_project(step, project)
        self.open_confirmation(step)
        self.confirm(step)

        def succeeded():
            rows = table_rows(self.requests_table())
            if any("FAILED" in r for r in rows):
                raise StepFailed(f"{step}: the request FAILED: {rows}")
            return any("SUCCESS" in r for r in rows)

        wait_for(step, succeeded, 60, lambda: f"requests: {table_rows(self.requests_table())}")

    def give_focus(self, step):
        """Gives the X input focus to the main window, as a click on it would: Xvfb runs no
        window manager to do that. Waits until the window is the active one."""
        import pyatspi
        found = subprocess.run(["xdotool", "search", "--pid", str(self.process.pid), "--name",
                                f"^{WINDOW_TITLE}$", "windowfocus", "--sync", "%1"],
                               capture_output=True, text=True, timeout=20)
        if found.returncode != 0:
            raise StepFailed(f"{step}: xdotool cannot focus the main window: {found.stderr.strip()}")
        wait_for(step, lambda: self.wait_for_window(step).getState().contains(pyatspi.STATE_ACTIVE),
                 20, lambda: "the main window never became active")

    def active_windows(self):
        import pyatspi
        return [f"{role(n)} '{name(n)}'" for n in children(self.fresh())
                if n.getState().contains(pyatspi.STATE_ACTIVE)]

    def other_windows(self, but=()):
        """The dialogs and alerts open now, by name, except those named in `but`."""
        return [name(n) for n in children(self.fresh())
                if role(n) in ("dialog", "alert", "file chooser") and name(n) not in but]

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


def hold_display():
    """Opens (and never closes: the process exit does) a connection to $DISPLAY; None if refused."""
    library = ctypes.util.find_library("X11")
    if not library:
        return True  # cannot hold one; the run may still pass
    xlib = ctypes.CDLL(library)
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    return xlib.XOpenDisplay(None)


def screen_size():
    """(width, height) of $DISPLAY's default screen, from Xlib."""
    xlib = ctypes.CDLL(ctypes.util.find_library("X11"))
    xlib.XOpenDisplay.restype = ctypes.c_void_p
    xlib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    xlib.XDefaultScreen.argtypes = [ctypes.c_void_p]
    xlib.XDisplayWidth.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XDisplayHeight.argtypes = [ctypes.c_void_p, ctypes.c_int]
    xlib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    display = xlib.XOpenDisplay(None)
    if not display:
        raise StepFailed(f"cannot connect to the X display {os.environ.get('DISPLAY')}")
    screen = xlib.XDefaultScreen(display)
    size = xlib.XDisplayWidth(display, screen), xlib.XDisplayHeight(display, screen)
    xlib.XCloseDisplay(display)
    return size


def main(run):
    """Runs run(binary, scratch) with a throwaway folder; returns the exit code (see the top)."""
    binary = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("DMSX_EXTPACK_BIN", "")
    if not binary or not os.access(binary, os.X_OK):
        log(f"FAIL: no dms-extpack executable (argument or DMSX_EXTPACK_BIN): '{binary}'")
        return 1
    if not os.environ.get("DISPLAY") or not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        log("FAIL: needs an X display and a D-Bus session: run it under scripts/with-session.sh "
            "(scripts/test.sh does)")
        return 1
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
