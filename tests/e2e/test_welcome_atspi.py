#!/usr/bin/python3
"""End-to-end: a first start of the real `dms-extpack` (no --demo) driven through the accessibility
tree, as a screen reader user would: with no credentials and an empty home the window shows the
welcome view; "Use my AWS CLI profiles" says no AWS files were found; "Try the demo" lists the
demo's projects under the demo profile; Quit ends the process with 0, having written only into
its own (temporary) home and never the demo's calls into the user's request history.

Runs like test_apply_atspi.py (see atspi_support.py for what it needs).
Usage: test_welcome_atspi.py [PATH_TO_DMS_EXTPACK] (default: $DMSX_EXTPACK_BIN).
"""

import contextlib
import glob
import os
import sqlite3
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from atspi_support import (App, StepFailed, actions, demo_scenario, log, main, name, press, role,
                           showing, table_rows, wait_for)

APP_ID = "io.github.dmsextpack.DmsExtPack"
CHOICES = ("Add AWS keys", "Use my AWS CLI profiles", "Try the demo")
DEMO_PROJECTS = len(demo_scenario()["projects"])
PROJECT = "erp-migration"
DEMO_PROFILE = "demo (simulator, in memory)"


def labelled_by(node, label):
    import pyatspi
    try:
        relations = node.getRelationSet()
    except Exception:
        return False
    return any(r.getRelationType() == pyatspi.RELATION_LABELLED_BY
               and any(name(r.getTarget(i)) == label for i in range(r.getNTargets()))
               for r in relations)


def snapshot(roots):
    """Every file and folder below each root (and each root itself): path -> (mtime, size)."""
    seen = {}
    for root in roots:
        if not os.path.lexists(root):
            continue
        seen[root] = os.lstat(root).st_mtime_ns, None
        if not os.path.isdir(root) or os.path.islink(root):
            continue
        for folder, dirs, files in os.walk(root):
            for entry in dirs + files:
                path = os.path.join(folder, entry)
                info = os.lstat(path)
                seen[path] = info.st_mtime_ns, None if entry in dirs else info.st_size
    return seen


def real_home_places():
    """Where dms-extpack would write in the real user's home: its own folders, whole, and the
    entries (not the contents) of the folders they sit in."""
    home = os.path.expanduser("~")
    bases = {os.path.join(home, ".config"), os.path.join(home, ".local", "share"),
             os.path.join(home, ".cache")}
    bases |= {os.environ[v] for v in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME")
              if os.environ.get(v)}
    own = [os.path.join(b, n) for b in sorted(bases) for n in (APP_ID, "dms-extpack")]
    own.append(os.path.join(home, ".aws"))
    listed = sorted(bases | {home, os.path.join(home, ".local")})
    return own, listed


def real_home_state():
    own, listed = real_home_places()
    entries = {d: sorted(os.listdir(d)) if os.path.isdir(d) else None for d in listed}
    return snapshot(own), entries


def history_rows(path):
    # Closed at once: an open reader would keep the app from removing its -wal file at exit.
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        return db.execute("SELECT count(*) FROM history").fetchone()[0]


def run(binary, scratch):
    home_before = real_home_state()
    tmp = os.path.join(scratch, "tmp")
    os.mkdir(tmp)
    user_history = os.path.join(scratch, "data", APP_ID, "history.sqlite")
    # No credentials of any kind: no AWS_* variable (AWS_PROFILE, keys, config file paths) and no
    # DMSX_* override. TMPDIR inside the scratch folder shows where the demo's history goes.
    app = App(binary, scratch, [], unset_prefixes=("AWS_", "DMSX_"), extra_env={"TMPDIR": tmp})
    try:
        step = "1. dms-extpack appears on the accessibility bus"
        app.attach(step)
        log(f"ok {step}")

        step = "2. a first start shows the welcome view with its three choices"
        app.wait_for_window(step)

        def button(label):
            return app.find(lambda n: role(n) == "push button" and name(n) == label and showing(n))

        def shown_choices():
            return [label for label in CHOICES
                    if (b := button(label)) is not None and "Press" in actions(b)]

        wait_for(step, lambda: len(shown_choices()) == len(CHOICES), 30,
                 lambda: f"choices that can be pressed: {shown_choices()}, "
                         f"status bar: '{app.status_bar()}'")
        table = app.projects_table()
        if table is not None and showing(table):
            raise StepFailed(f"{step}: the projects table is shown next to the welcome view")
        log(f"ok {step}")

        step = "3. 'Use my AWS CLI profiles' says that no AWS files were found in the home"
        press(button("Use my AWS CLI profiles"), step)
        label = lambda prefix: app.find(lambda n: role(n) == "label" and showing(n)
                                        and name(n).startswith(prefix))
        paths = lambda: name(label("Files read"))
        nothing = lambda: name(label("No profiles found"))
        expected = ["~/.aws/config (not found)", "~/.aws/credentials (not found)"]
        wait_for(step, lambda: all(p in paths() for p in expected)
                 and "Neither file exists" in nothing(), 20,
                 lambda: f"files label: '{paths()}', nothing-found label: '{nothing()}'")
        log(f"ok {step}: '{paths()}'")

        step = "4. Back returns to the choices"
        press(button("Back to the welcome choices"), step)
        wait_for(step, lambda: len(shown_choices()) == len(CHOICES), 20,
                 lambda: f"choices shown: {shown_choices()}")
        log(f"ok {step}")

        step = f"5. 'Try the demo' lists the demo's {DEMO_PROJECTS} projects, with {PROJECT}"
        press(button("Try the demo"), step)

        def listed():
            table = app.projects_table()
            names = [r[0] for r in table_rows(table) if r] if table is not None else []
            return len(names) == DEMO_PROJECTS and PROJECT in names and showing(table)

        wait_for(step, listed, 60,
                 lambda: f"status bar: '{app.status_bar()}', rows: "
                         f"{len(table_rows(app.projects_table() or app.fresh()))}")
        if shown_choices():
            raise StepFailed(f"{step}: the welcome choices are still shown: {shown_choices()}")
        log(f"ok {step}: status bar '{app.status_bar()}'")

        step = "6. the toolbar's profile box shows the demo profile"
        profile_box = lambda: app.find(lambda n: role(n) == "combo box" and showing(n)
                                       and labelled_by(n, "Profile:"))
        wait_for(step, lambda: name(profile_box()) == DEMO_PROFILE, 10,
                 lambda: f"the box labelled 'Profile:' shows '{name(profile_box())}'")
        log(f"ok {step}")

        step = "7. the demo's calls are recorded in a scratch history, not the user's"
        scratch_histories = lambda: glob.glob(os.path.join(tmp, "*", "history.sqlite"))
        wait_for(step, lambda: any(history_rows(h) > 0 for h in scratch_histories()), 20,
                 lambda: f"histories under TMPDIR: {scratch_histories()}")
        # The user's file is opened at start (for View > History), so it exists; it stays empty.
        if os.path.exists(user_history) and history_rows(user_history) != 0:
            raise StepFailed(f"{step}: the user's history has {history_rows(user_history)} rows")
        log(f"ok {step}")

        step = "8. File > Quit ends the process with exit code 0"
        quit_item = app.find(lambda n: role(n) == "menu item" and name(n) == "Quit")
        if quit_item is None:
            raise StepFailed(f"{step}: no menu item named 'Quit'")
        press(quit_item, step)
        try:
            code = app.process.wait(timeout=10)
        except Exception:
            raise StepFailed(f"{step}: still running 10 s after Quit")
        if code != 0:
            raise StepFailed(f"{step}: exit code {code}; stderr: {app.stderr_tail() or '(empty)'}")
        log(f"ok {step}")
    finally:
        app.kill()

    step = "9. only the temporary home was written, and the demo's history is gone"
    written = sorted(os.path.relpath(os.path.join(d, f), scratch)
                     for d, _, files in os.walk(scratch) for f in files)
    home_after = real_home_state()
    if home_after != home_before:
        changed = sorted(set(home_after[0].items()) ^ set(home_before[0].items()))
        listings = {d: sorted(set(home_after[1][d] or []) ^ set(home_before[1][d] or []))
                    for d in home_after[1] if home_after[1][d] != home_before[1][d]}
        raise StepFailed(f"{step}: the real home changed: {changed[:10]} {listings}")
    settings = os.path.join("config", APP_ID, APP_ID + ".conf")
    if settings not in written:
        raise StepFailed(f"{step}: no settings in the temporary home; files there: {written}")
    with open(os.path.join(scratch, settings), encoding="utf-8") as f:
        remembered = [line.strip() for line in f if line.startswith("profile=")]
    # A demo tried from the welcome view ends with the process: the next start welcomes again.
    if any("demo" in line for line in remembered):
        raise StepFailed(f"{step}: the settings remember the demo profile: {remembered}")
    if os.path.exists(user_history) and history_rows(user_history) != 0:
        raise StepFailed(f"{step}: the user's history has {history_rows(user_history)} rows")
    left = [p for p in written if p.startswith("tmp" + os.sep)]
    if left:
        raise StepFailed(f"{step}: temporary files left behind: {left}")
    log(f"ok {step}: {written}")


if __name__ == "__main__":
    sys.exit(main(run))
