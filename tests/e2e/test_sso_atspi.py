#!/usr/bin/python3
"""End-to-end: signing in with IAM Identity Center in the real `dms-extpack --demo`, through the
accessibility tree as a screen reader would: choose the demo's "demo-sso" profile in the box
labelled "Profile:", press "Sign in", read the code and the countdown from the dialog, open the
page it names (the simulator's stand-in for the access portal: the code, Allow and Deny), answer
Allow as that page's button does, see the projects, apply to erp-migration until SUCCESS, then
File > Sign Out and "Sign in" is offered again.

Needs an X display and a D-Bus session (scripts/with-session.sh). Usage:
test_sso_atspi.py [PATH_TO_DMS_EXTPACK] (default: $DMSX_EXTPACK_BIN). Exit 0 pass, 1 fail.
"""

import json
import re
import subprocess
import sys
import urllib.error
import urllib.request

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

from atspi_support import (App, DEMO_TIME_SCALE, StepFailed, actions, children, find, log, main,
                           name, press, role, showing, wait_for)

SSO_PROFILE = "demo-sso (simulator, IAM Identity Center)"
PROJECT = "erp-migration"
SIGN_IN = "Sign in"
DIALOG = "Sign in to IAM Identity Center"
SIGN_OUT = "Sign Out of IAM Identity Center\u2026"
CODE = re.compile(r"^Sign-in code: ([B-Z]{4}-[B-Z]{4})$")
COUNTDOWN = re.compile(r"^Sign-in status: Waiting for approval\u2026 \d+:\d\d left$")
PAGE = re.compile(r"(http://127\.0\.0\.1:\d+)/__sim/sso/device")

# The simulator is on loopback: a proxy of the environment must not carry these calls.
LOOPBACK = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def labelled_by(node, label):
    import pyatspi
    try:
        for relation in node.getRelationSet():
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                return any(name(relation.getTarget(i)) == label
                           for i in range(relation.getNTargets()))
    except Exception:
        pass
    return False


def choose(app, step, box, item):
    """Chooses `item` in the combo box as a screen reader user does: focus on the box, then the
    arrow keys until it reads `item` (Qt changes a combo box's entry with them, list closed;
    selecting in its list through AT-SPI leaves the entry as it was)."""
    import pyatspi
    entries = [name(c) for c in walk(box) if role(c) == "list item"]
    if item not in entries:
        raise StepFailed(f"{step}: the box offers no '{item}': {entries}")
    app.give_focus(step)
    box.queryComponent().grabFocus()
    wait_for(step, lambda: box.getState().contains(pyatspi.STATE_FOCUSED), 10,
             lambda: "the box never took the focus")
    for _ in range(len(entries)):
        if name(box) == item:
            return
        before = name(box)
        subprocess.run(["xdotool", "key", "Down"], check=True, timeout=10)
        wait_for(step, lambda: name(box) != before, 10, lambda: f"the box still reads '{before}'")
    if name(box) != item:
        raise StepFailed(f"{step}: the arrow keys never reached '{item}'; the box reads '{name(box)}'")


def walk(node):
    for child in children(node):
        yield child
        yield from walk(child)


def labels_of(node):
    return [name(n) for n in walk(node) if role(n) == "label"]


def post_json(url, body):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    try:
        with LOOPBACK.open(request, timeout=10) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def run(binary, scratch):
    app = App(binary, scratch, ["--demo", "--demo-time-scale", DEMO_TIME_SCALE])
    dialog = lambda: app.find(lambda n: role(n) == "dialog" and name(n) == DIALOG)
    try:
        step = "1. the demo starts with its key pair and lists its projects"
        app.attach(step)
        app.wait_for_window(step)
        app.wait_for_project(step, PROJECT)
        log(f"ok {step}")

        step = f"2. choosing '{SSO_PROFILE}' offers '{SIGN_IN}' in place of the projects"
        box = wait_for(step, lambda: app.find(lambda n: role(n) == "combo box" and showing(n)
                                              and labelled_by(n, "Profile:")), 10)
        choose(app, step, box, SSO_PROFILE)
        sign_in = lambda: app.find(lambda n: role(n) == "push button" and name(n) == SIGN_IN
                                   and showing(n))
        wait_for(step, sign_in, 30, lambda: f"status bar: '{app.status_bar()}'")
        log(f"ok {step}")

        step = "3. the sign-in dialog reads out the code, the countdown and the page to open"
        press(sign_in(), step)
        found = wait_for(step, dialog, 20, lambda: f"windows: {app.other_windows()}")

        def code():
            return next((m.group(1) for t in labels_of(dialog() or found)
                         if (m := CODE.match(t))), None)

        user_code = wait_for(step, code, 30, lambda: f"labels: {labels_of(dialog() or found)}")
        countdown = wait_for(step, lambda: next((t for t in labels_of(dialog() or found)
                                                 if COUNTDOWN.match(t)), None), 10,
                             lambda: f"labels: {labels_of(dialog() or found)}")
        base = wait_for(step, lambda: next((m.group(1) for t in labels_of(dialog() or found)
                                            if (m := PAGE.search(t))), None), 10,
                        lambda: f"labels: {labels_of(dialog() or found)}")
        log(f"ok {step}: '{user_code}', '{countdown}', {base}")

        step = "4. the page shows that code with Allow, and Allow signs the window in"
        with LOOPBACK.open(f"{base}/__sim/sso/device?user_code={user_code}", timeout=10) as page:
            html = page.read().decode("utf-8")
        if f">{user_code}<" not in html or ">Allow</button>" not in html:
            raise StepFailed(f"{step}: the page does not show the code and Allow: {html[:400]}")
        if dialog() is None:
            raise StepFailed(f"{step}: loading the page alone ended the sign-in")
        # What the page's Allow button sends.
        status = post_json(f"{base}/__sim/sso/approve", {"userCode": user_code})
        if status != 200:
            raise StepFailed(f"{step}: Allow was answered {status}")
        wait_for(step, lambda: dialog() is None, 30,
                 lambda: f"the dialog still reads {labels_of(dialog() or app.fresh())}")
        total = app.wait_for_project(step, PROJECT)
        log(f"ok {step} ({total} projects)")

        step = f"5. applying to {PROJECT} with the signed-in role ends in SUCCESS"
        app.apply_until_success(step, PROJECT, total)
        log(f"ok {step}")

        step = f"6. File > '{SIGN_OUT}', answered Yes, offers '{SIGN_IN}' again"
        item = app.find(lambda n: role(n) == "menu item" and name(n) == SIGN_OUT)
        if item is None:
            raise StepFailed(f"{step}: no menu item named '{SIGN_OUT}'")
        offered = actions(item)
        chosen = next((a for a in ("Click", "Press") if a in offered), None)
        if chosen is None or not item.queryAction().doAction(offered[chosen]):
            raise StepFailed(f"{step}: the menu item cannot be clicked (actions: {sorted(offered)})")
        question = wait_for(step, lambda: app.find(
            lambda n: role(n) in ("dialog", "alert") and "Sign Out" in name(n)), 20,
            lambda: f"windows: {app.other_windows()}")
        yes = find(question, lambda n: role(n) == "push button" and name(n).replace("&", "") == "Yes")
        if yes is None:
            raise StepFailed(f"{step}: the question has no 'Yes' button")
        press(yes, step)
        wait_for(step, sign_in, 30, lambda: f"status bar: '{app.status_bar()}'")
        log(f"ok {step}: status bar '{app.status_bar()}'")
    finally:
        app.kill()


if __name__ == "__main__":
    sys.exit(main(run))
