#!/usr/bin/env python3
"""Turn a `tmux capture-pane -e` dump into an HTML page that looks like the
terminal: the 16 ANSI colours of a common palette, 256 and true colours, bold,
faint, italic, underline and reverse. Used by make.sh for the README's
pictures; written because aha brightens whole spans (backgrounds included)
for bright colours and loses attributes between consecutive sequences.

usage: ansi2html.py [--light | --xterm] < capture.ans > page.html

--xterm draws in xterm's own 16 colours on black, the palette of a plain
16-colour terminal, where the default palette is VS Code's.
"""
import html
import re
import sys

# VS Code's integrated terminal palette: familiar, and legible on both grounds.
DARK = ["#000000", "#cd3131", "#0dbc79", "#e5e510", "#2472c8", "#bc3fbc", "#11a8cd", "#e5e5e5",
        "#666666", "#f14c4c", "#23d18b", "#f5f543", "#3b8eea", "#d670d6", "#29b8db", "#ffffff"]
LIGHT = ["#000000", "#cd3131", "#00bc00", "#949800", "#0451a5", "#bc05bc", "#0598bc", "#555555",
         "#666666", "#cd3131", "#14ce14", "#b5ba00", "#0451a5", "#bc05bc", "#0598bc", "#a5a5a5"]
# xterm's default 16 colours: what a plain 16-colour terminal shows.
XTERM = ["#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
         "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff"]


def xterm256(n, pal):
    if n < 16:
        return pal[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return "#%02x%02x%02x" % (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return "#%02x%02x%02x" % (v, v, v)


def convert(text, light, xterm=False):
    pal = LIGHT if light else DARK
    fg0, bg0 = ("#1e1e1e", "#ffffff") if light else ("#cccccc", "#1e1e1e")
    if xterm:
        pal, fg0, bg0 = XTERM, "#e5e5e5", "#000000"
    state = {}
    out = []

    def span(s):
        if not s:
            return
        fg, bg = state.get("fg", fg0), state.get("bg", bg0)
        if state.get("rev"):
            fg, bg = bg, fg
        css = ["color:" + fg]
        if bg != bg0 or state.get("rev"):
            css.append("background:" + bg)
        if state.get("bold"):
            css.append("font-weight:bold")
        if state.get("faint"):
            css.append("opacity:.6")
        if state.get("italic"):
            css.append("font-style:italic")
        if state.get("ul"):
            css.append("text-decoration:underline")
        out.append('<span style="%s">%s</span>' % (";".join(css), html.escape(s)))

    def sgr(params):
        ps = [int(p) if p else 0 for p in params.split(";")] if params else [0]
        i = 0
        while i < len(ps):
            p = ps[i]
            if p == 0:
                state.clear()
            elif p == 1:
                state["bold"] = True
            elif p == 2:
                state["faint"] = True
            elif p == 3:
                state["italic"] = True
            elif p == 4:
                state["ul"] = True
            elif p == 7:
                state["rev"] = True
            elif p == 22:
                state.pop("bold", None)
                state.pop("faint", None)
            elif p == 23:
                state.pop("italic", None)
            elif p == 24:
                state.pop("ul", None)
            elif p == 27:
                state.pop("rev", None)
            elif 30 <= p <= 37:
                state["fg"] = pal[p - 30]
            elif 90 <= p <= 97:
                state["fg"] = pal[p - 90 + 8]
            elif p == 39:
                state.pop("fg", None)
            elif 40 <= p <= 47:
                state["bg"] = pal[p - 40]
            elif 100 <= p <= 107:
                state["bg"] = pal[p - 100 + 8]
            elif p == 49:
                state.pop("bg", None)
            elif p in (38, 48) and i + 1 < len(ps):
                key = "fg" if p == 38 else "bg"
                if ps[i + 1] == 5 and i + 2 < len(ps):
                    state[key] = xterm256(ps[i + 2], pal)
                    i += 2
                elif ps[i + 1] == 2 and i + 4 < len(ps):
                    state[key] = "#%02x%02x%02x" % tuple(ps[i + 2:i + 5])
                    i += 4
            i += 1

    pos = 0
    for m in re.finditer(r"\x1b\[([0-9;]*)m", text):
        span(text[pos:m.start()])
        sgr(m.group(1))
        pos = m.end()
    span(text[pos:])
    body = "".join(out)
    return ('<!doctype html><html><head><meta charset="utf-8"><style>'
            'body{margin:0;background:%s}'
            'pre{margin:0;padding:10px 12px;color:%s;font:14px/1.25 "DejaVu Sans Mono",monospace}'
            '</style></head><body><pre>%s</pre></body></html>' % (bg0, fg0, body))


if __name__ == "__main__":
    light = "--light" in sys.argv[1:]
    sys.stdout.write(convert(sys.stdin.read(), light, "--xterm" in sys.argv[1:]))
