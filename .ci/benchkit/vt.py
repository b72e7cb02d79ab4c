"""A small VT100/xterm screen model for .ci/bench (Python standard library only).

It keeps the text of a terminal screen as a program paints it: cursor motion,
erasing, scroll regions, inserted and deleted lines and characters, REP,
autowrap, the alternate screen and the DEC line-drawing set. Colours and other
attributes are ignored: the bench reads the text on screen (which event rows
are visible), not how it looks.

It also notes every terminal query a program sends (a sequence a terminal
answers: DA1, DSR, DECRQM, XTVERSION, OSC colour queries, the kitty keyboard
query, ...), with the time it was seen.
"""

import codecs
import unicodedata

# DEC Special Graphics, as ncurses uses it for lines and boxes.
DEC_GRAPHICS = {
    "j": "┘", "k": "┐", "l": "┌", "m": "└", "n": "┼", "q": "─", "t": "├",
    "u": "┤", "v": "┴", "w": "┬", "x": "│", "a": "▒", "`": "◆", "f": "°",
    "g": "±", "~": "·", "o": "⎺", "p": "⎻", "r": "⎼", "s": "⎽", "y": "≤",
    "z": "≥", "{": "π", "|": "≠", "}": "£", "h": "␤", "i": "␋",
}

# xterm window-operation queries (CSI Ps t); 22/23 push and pop the title.
XTWINOPS_QUERIES = {"11", "13", "14", "15", "16", "18", "19", "20", "21"}


def classify_csi(private, params, inter, final):
    """Names a CSI sequence that asks the terminal for an answer, else None."""
    p = params
    if final == "c" and inter == "":
        if private == "" and p in ("", "0"):
            return "DA1 (primary device attributes)"
        if private == ">" and p in ("", "0"):
            return "DA2 (secondary device attributes)"
        if private == "=" and p in ("", "0"):
            return "DA3 (tertiary device attributes)"
    if final == "n" and inter == "":
        if private == "" and p == "5":
            return "DSR 5 (status report)"
        if private == "" and p == "6":
            return "DSR 6 (cursor position report)"
        if private == "?" and p == "6":
            return "DECXCPR (extended cursor position)"
        if private == "?" and p == "996":
            return "DSR 996 (colour scheme)"
        if private == "?":
            return "DSR ?%s" % p
        return "DSR %s" % p
    if final == "p" and inter == "$":
        return "DECRQM %s%s (mode %s)" % (private, p, p)
    if final == "q" and private == ">":
        return "XTVERSION"
    if final == "u" and private == "?" and p == "":
        return "kitty keyboard flags query"
    if final == "t" and private == "" and p.split(";")[0] in XTWINOPS_QUERIES:
        return "XTWINOPS %s (window report)" % p
    if final == "m" and private == "?":
        return "XTQMODKEYS %s" % p
    if final == "S" and private == "?" and p.endswith(";1"):
        return "XTSMGRAPHICS %s" % p
    if final == "x" and private == "" and inter == "":
        return "DECREQTPARM"
    return None


def classify_string(kind, body):
    """Names an OSC or DCS string that is a query, else None."""
    if kind == "]":
        parts = body.split(";")
        if "?" in parts[1:]:
            names = {"4": "OSC 4 (palette colour query)", "10": "OSC 10 (foreground colour query)",
                     "11": "OSC 11 (background colour query)", "12": "OSC 12 (cursor colour query)",
                     "52": "OSC 52 (clipboard read)"}
            return names.get(parts[0], "OSC %s query" % parts[0])
        return None
    if kind == "P":
        if body.startswith("$q"):
            return "DECRQSS %s" % body[2:]
        if body.startswith("+q"):
            return "XTGETTCAP %s" % body[2:]
    return None


class Screen:
    def __init__(self, cols, rows):
        self.cols, self.rows = cols, rows
        self.main = self._blank()
        self.alt = self._blank()
        self.buf = self.main
        self.x = self.y = 0
        self.wrap_pending = False
        self.autowrap = True
        self.top, self.bottom = 0, rows - 1
        self.g = ["B", "B"]  # G0, G1 designations
        self.gl = 0  # which of them is in use (SI/SO)
        self.saved = (0, 0)
        self.last_char = " "
        self.queries = []  # (time, name, raw)
        self.now = 0.0
        self._dec = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._state = "ground"
        self._seq = ""
        self._str_kind = ""

    def _blank(self):
        return [[" "] * self.cols for _ in range(self.rows)]

    def lines(self):
        return ["".join(c for c in row if c is not None).rstrip() for row in self.buf]

    def text(self):
        return "\n".join(self.lines())

    # ---- input ----------------------------------------------------------
    def feed(self, data, now=0.0):
        self.now = now
        for ch in self._dec.decode(data):
            self._char(ch)

    def _char(self, ch):
        st = self._state
        o = ord(ch)
        if st == "ground":
            if o >= 0x20 and o != 0x7F:
                self._print(ch)
            elif ch == "\x1b":
                self._state, self._seq = "esc", ""
            else:
                self._control(ch)
        elif st == "esc":
            self._esc(ch)
        elif st == "esc_charset":
            self.g[self._seq] = ch
            self._state = "ground"
        elif st == "esc_skip":
            self._state = "ground"
        elif st == "csi":
            if 0x40 <= o <= 0x7E:
                self._csi(self._seq, ch)
                self._state = "ground"
            elif ch == "\x1b":
                self._state, self._seq = "esc", ""
            elif o < 0x20:
                self._control(ch)
            else:
                self._seq += ch
        elif st == "string":  # OSC, DCS, APC, PM, SOS: until BEL or ST
            if ch == "\x07":
                self._string_done()
            elif ch == "\x1b":
                self._state = "string_esc"
            else:
                self._seq += ch
        elif st == "string_esc":
            if ch == "\\":
                self._string_done()
            else:  # not ST: the string was cut short; start over on this ESC
                self._string_done()
                self._state = "esc"
                self._esc(ch)

    def _string_done(self):
        name = classify_string(self._str_kind, self._seq)
        if name:
            self.queries.append((self.now, name, "ESC" + self._str_kind + self._seq))
        self._state = "ground"

    def _control(self, ch):
        if ch == "\r":
            self.x, self.wrap_pending = 0, False
        elif ch in "\n\x0b\x0c":
            self._index()
            self.wrap_pending = False
        elif ch == "\b":
            self.x, self.wrap_pending = max(self.x - 1, 0), False
        elif ch == "\t":
            self.x = min((self.x // 8 + 1) * 8, self.cols - 1)
        elif ch == "\x0e":
            self.gl = 1
        elif ch == "\x0f":
            self.gl = 0
        elif ch == "\x05":
            self.queries.append((self.now, "ENQ (answerback)", "\\x05"))

    def _esc(self, ch):
        self._state = "ground"
        if ch == "[":
            self._state, self._seq = "csi", ""
        elif ch in "]PX^_":
            self._state, self._seq, self._str_kind = "string", "", ch
        elif ch in "()":
            self._state, self._seq = "esc_charset", "()".index(ch)
        elif ch in "*+-./#%":
            self._state = "esc_skip"  # G2/G3 sets, DECALN, character sets: one more byte
        elif ch == "7":
            self.saved = (self.x, self.y)
        elif ch == "8":
            self.x, self.y = self.saved
            self.wrap_pending = False
        elif ch == "D":
            self._index()
        elif ch == "E":
            self.x = 0
            self._index()
        elif ch == "M":
            self._reverse_index()
        elif ch == "c":
            self.__init__(self.cols, self.rows)
        elif ch == "Z":
            self.queries.append((self.now, "DECID (identify)", "ESC Z"))
        # = > \ and the rest: nothing to do for the text

    # ---- printing -----------------------------------------------------------
    def _print(self, ch):
        if self.g[self.gl] == "0":
            ch = DEC_GRAPHICS.get(ch, ch)
        if unicodedata.combining(ch) or ch in "\u200b\u200c\u200d\ufe0f":
            return  # zero width: joins the previous cell
        wide = unicodedata.east_asian_width(ch) in ("W", "F")
        w = 2 if wide else 1
        if self.wrap_pending and self.autowrap:
            self.x = 0
            self._index()
            self.wrap_pending = False
        if self.x + w > self.cols:
            if self.autowrap:
                self.x = 0
                self._index()
            else:
                self.x = self.cols - w
        row = self.buf[self.y]
        row[self.x] = ch
        if wide:
            row[self.x + 1] = None
        self.last_char = ch
        self.x += w
        if self.x >= self.cols:
            self.x = self.cols - 1
            self.wrap_pending = True

    def _scroll_up(self, n, top=None, bottom=None):
        top = self.top if top is None else top
        bottom = self.bottom if bottom is None else bottom
        n = min(n, bottom - top + 1)
        region = self.buf[top:bottom + 1]
        region = region[n:] + [[" "] * self.cols for _ in range(n)]
        self.buf[top:bottom + 1] = region

    def _scroll_down(self, n, top=None, bottom=None):
        top = self.top if top is None else top
        bottom = self.bottom if bottom is None else bottom
        n = min(n, bottom - top + 1)
        region = self.buf[top:bottom + 1]
        region = [[" "] * self.cols for _ in range(n)] + region[:len(region) - n]
        self.buf[top:bottom + 1] = region

    def _index(self):
        if self.y == self.bottom:
            self._scroll_up(1)
        elif self.y < self.rows - 1:
            self.y += 1

    def _reverse_index(self):
        if self.y == self.top:
            self._scroll_down(1)
        elif self.y > 0:
            self.y -= 1

    # ---- CSI ------------------------------------------------------------
    def _csi(self, seq, final):
        private = ""
        if seq and seq[0] in "<=>?":
            private, seq = seq[0], seq[1:]
        inter = ""
        while seq and seq[-1] in " !\"#$%&'()*+,-./":
            inter = seq[-1] + inter
            seq = seq[:-1]
        name = classify_csi(private, seq, inter, final)
        if name:
            self.queries.append((self.now, name, "ESC[" + private + seq + inter + final))
            return
        if inter:
            return
        args = []
        for part in seq.replace(":", ";").split(";"):
            try:
                args.append(int(part) if part else 0)
            except ValueError:
                args.append(0)

        def arg(i=0, default=1):
            v = args[i] if i < len(args) else 0
            return v if v else default

        if private == "?":
            if final in "hl":
                on = final == "h"
                for a in args:
                    if a in (1049, 1047, 47):
                        self._alt_screen(on, a == 1049)
                    elif a == 7:
                        self.autowrap = on
            return
        if private:
            return
        self.wrap_pending = False
        c, r = self.cols, self.rows
        if final in "Hf":
            self.y = min(arg(0) - 1, r - 1)
            self.x = min(arg(1) - 1, c - 1)
        elif final == "A":
            self.y = max(self.y - arg(), self.top if self.y >= self.top else 0)
        elif final == "B":
            self.y = min(self.y + arg(), self.bottom if self.y <= self.bottom else r - 1)
        elif final in "Ca":
            self.x = min(self.x + arg(), c - 1)
        elif final == "D":
            self.x = max(self.x - arg(), 0)
        elif final == "E":
            self.y, self.x = min(self.y + arg(), r - 1), 0
        elif final == "F":
            self.y, self.x = max(self.y - arg(), 0), 0
        elif final in "G`":
            self.x = min(arg() - 1, c - 1)
        elif final == "d":
            self.y = min(arg() - 1, r - 1)
        elif final == "e":
            self.y = min(self.y + arg(), r - 1)
        elif final == "I":
            for _ in range(arg()):
                self.x = min((self.x // 8 + 1) * 8, c - 1)
        elif final == "Z":
            for _ in range(arg()):
                self.x = max(((self.x - 1) // 8) * 8, 0)
        elif final == "J":
            mode = args[0] if args else 0
            if mode == 0:
                self._erase_row(self.y, self.x, c)
                for y in range(self.y + 1, r):
                    self._erase_row(y, 0, c)
            elif mode == 1:
                for y in range(0, self.y):
                    self._erase_row(y, 0, c)
                self._erase_row(self.y, 0, self.x + 1)
            elif mode == 2:  # 3 clears the scrollback only
                for y in range(r):
                    self._erase_row(y, 0, c)
        elif final == "K":
            mode = args[0] if args else 0
            if mode == 0:
                self._erase_row(self.y, self.x, c)
            elif mode == 1:
                self._erase_row(self.y, 0, self.x + 1)
            else:
                self._erase_row(self.y, 0, c)
        elif final == "X":
            self._erase_row(self.y, self.x, min(self.x + arg(), c))
        elif final == "@":
            row = self.buf[self.y]
            n = min(arg(), c - self.x)
            row[self.x:] = [" "] * n + row[self.x:c - n]
        elif final == "P":
            row = self.buf[self.y]
            n = min(arg(), c - self.x)
            row[self.x:] = row[self.x + n:] + [" "] * n
        elif final == "L":
            if self.top <= self.y <= self.bottom:
                self._scroll_down(arg(), self.y, self.bottom)
                self.x = 0
        elif final == "M":
            if self.top <= self.y <= self.bottom:
                self._scroll_up(arg(), self.y, self.bottom)
                self.x = 0
        elif final == "S":
            self._scroll_up(arg())
        elif final == "T":
            self._scroll_down(arg())
        elif final == "b":
            for _ in range(min(arg(), c * r)):
                self._print(self.last_char)
        elif final == "r":
            top, bottom = arg(0) - 1, arg(1, r) - 1
            if 0 <= top < bottom < r:
                self.top, self.bottom = top, bottom
                self.x = self.y = 0
        elif final == "s":
            self.saved = (self.x, self.y)
        elif final == "u":
            self.x, self.y = self.saved

    def _erase_row(self, y, x0, x1):
        row = self.buf[y]
        for x in range(max(x0, 0), min(x1, self.cols)):
            row[x] = " "

    def _alt_screen(self, on, save_cursor):
        if on and self.buf is not self.alt:
            if save_cursor:
                self.saved = (self.x, self.y)
            self.alt = self._blank()
            self.buf = self.alt
        elif not on and self.buf is self.alt:
            self.buf = self.main
            if save_cursor:
                self.x, self.y = self.saved
