#!/usr/bin/env bash
# Makes the README's screenshots from the real program: it runs `trail --demo`
# in tmux, drives it with keys, captures the pane with its colours, turns the
# ANSI into HTML (ansi2html.py) and renders that to PNG (headless Chromium).
#
#   screenshots/make.sh            # all scenes
#
# Needs tmux, python3 and chromium (Debian packages); installs them if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
out=screenshots

need() { command -v "$1" >/dev/null 2>&1; }
for pkg in tmux python3 chromium; do
	if ! need "$pkg"; then
		apt-get install -y "$pkg" >/dev/null 2>&1 || (apt-get update >/dev/null && apt-get install -y "$pkg" >/dev/null)
	fi
done

bin=$(mktemp -d)/trail
go build -o "$bin" .
work=$(mktemp -d)
# A session of this run's own: two runs at once (two worktrees) must not
# kill each other's.
session=trailshot-$$
trap 'tmux kill-session -t "$session" 2>/dev/null || true; rm -rf "$work"' EXIT

# shot NAME COLS ROWS KEYS... : start the demo ($DEMO_ARGS are its flags),
# send each key (a pause after each lets pages arrive; "wait" waits longer),
# capture, render ($LIGHT=--light renders on a light background, --xterm in
# xterm's 16 colours; $TERMNAME is the terminal trail is told it runs in).
shot() {
	local name=$1 cols=$2 rows=$3
	shift 3
	tmux kill-session -t "$session" 2>/dev/null || true
	tmux new-session -d -s "$session" -x "$cols" -y "$rows" \
		"env TERM=${TERMNAME:-xterm-256color} COLORTERM= TZ=UTC $bin --demo $DEMO_ARGS; sleep 60"
	sleep 1.5
	for k in "$@"; do
		if [ "$k" = wait ]; then
			sleep 2
			continue
		fi
		tmux send-keys -t "$session" "$k"
		sleep 0.4
	done
	sleep 1
	tmux capture-pane -e -p -t "$session" >"$work/$name.ans"
	tmux kill-session -t "$session"
	python3 screenshots/ansi2html.py $LIGHT <"$work/$name.ans" >"$work/$name.html"
	local w=$((cols * 85 / 10 + 24)) h=$((rows * 35 / 2 + 20))
	chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
		--disable-background-networking --disable-component-update --disable-sync \
		--user-data-dir="$work/chrome" --hide-scrollbars \
		--window-size="$w,$h" --screenshot="$out/$name.png" "file://$work/$name.html" >/dev/null 2>&1
	echo "wrote $out/$name.png"
}

LIGHT=""
DEMO_ARGS="--theme dark"
# The README's first picture: an investigation. The newest failed login
# found (/), then a pivot on its actor (a): everything they did, their
# failures marked in the list and on the timeline, the failed login in the
# detail pane.
shot investigation 120 40 / 'failed to log in' Enter a wait
# The list and the detail of the selected event.
shot list 120 40 j j j j j
# A failed login in full: the raw JSON, with an attacker's escape sequences shown, not run.
shot detail 120 40 f action:user_login_failure Enter wait / 'Canary Console' Enter Enter
# The filter: a query line typed, the form in step with it, action types offered.
shot filter 120 40 f 'since:3d -actor:alice@example.com' Tab Tab Tab Tab login Down Down
# An investigation: failed logins only, then everything from the burst's address.
shot failed-logins 120 40 f action:user_login_failure Enter wait / 192.0.2.77 Enter i wait
# Insights over every page: new places and off-hours flagged, then the counts.
shot insights 120 40 s A wait wait
# The 80x24 terminal: list and detail stacked.
shot small 80 24 j j j
# The light theme.
LIGHT=--light DEMO_ARGS="--theme light" shot light 120 40 j j j f Tab 7d
# Three demos merged into one list: the SOURCE column, each source's count.
DEMO_ARGS="--theme dark canary intercom domo" shot merged 120 40 wait j j
# A plain 16-colour terminal (TERM=xterm-16color, xterm's own palette), at 80x24.
LIGHT=--xterm TERMNAME=xterm-16color shot sixteen 80 24 j j j
