# ruff: noqa: S603, S607  (runs the gettext tools and makemessages with fixed arguments, from PATH)
"""Translation catalogues (issue 12 item 6): keep them complete and find text that bypasses gettext.

The source language of every msgid is Indonesian (the code's UI text is Indonesian). Two
catalogues live under locale/: `id`, whose msgstr repeats the msgid (the manual's labels stay the
Indonesian msgstr, and "untranslated" never means "shown in Indonesian by accident"), and `en`,
written by hand. The compiled .mo files are committed next to the .po files, so `make run` and a
production image need no gettext tools; the check below proves they match their .po.

    python tools/i18n.py update   # makemessages for id and en, fill id's msgstr, compile
    python tools/i18n.py check    # what CI runs through tests/i18n: exit 1 on any problem

`check` fails on: an untranslated or fuzzy entry in either catalogue, a msgstr whose
placeholders differ from its msgid's, a catalogue that is not what makemessages would produce
from the source now (a new, changed or removed msgid), a .mo that does not match its .po, and a
user-visible string in a template or in Python that does not go through gettext.
"""

from __future__ import annotations

import ast
import gettext
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"
LANGUAGES = ("id", "en")
# The language the msgids are written in: its catalogue is the identity.
SOURCE_LANGUAGE = "id"
# Directories that hold no UI text of the application.
EXCLUDED_DIRS = {".venv", ".tools", ".git", "node_modules", "tests", "bench", "tools", "staticfiles",
                 "migrations", "locale", "static", "media", "berkas", "tmp", "test-results"}
MAKEMESSAGES_IGNORE = [f"{name}/*" for name in sorted(EXCLUDED_DIRS - {"migrations", "locale"})]


# --- .po files ----------------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: list[str] = field(default_factory=list)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    lineno: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr)


_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(text: str) -> str:
    text = text.strip()
    if not (text.startswith('"') and text.endswith('"')):
        raise ValueError(f"not a quoted string: {text!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), text[1:-1])


def parse_po(path: Path) -> list[Entry]:
    """The entries of a .po file (header included, msgid ""): enough of the format for our files."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None
    flags: set[str] = set()

    def finish() -> None:
        nonlocal current, flags
        if current is not None:
            entries.append(current)
        current, flags = None, set()

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            finish()
            continue
        if line.startswith("#,"):
            if current is not None and current.msgstr:
                finish()
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            if current is not None and current.msgstr:
                finish()
            continue
        keyword, _sep, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"{path}:{lineno}: continuation without a keyword")
            name, index = target
            if name == "msgstr":
                current.msgstr[index] += _unquote(line)
            else:
                setattr(current, name, getattr(current, name) + _unquote(line))
            continue
        if keyword in {"msgctxt", "msgid"} and current is not None and current.msgstr:
            finish()
        if keyword == "msgctxt":
            current = Entry(msgid="", msgctxt=_unquote(rest), flags=flags, obsolete=obsolete, lineno=lineno)
            target = ("msgctxt", 0)
        elif keyword == "msgid":
            if current is None:
                current = Entry(msgid="", flags=flags, obsolete=obsolete, lineno=lineno)
            current.msgid = _unquote(rest)
            target = ("msgid", 0)
        elif keyword == "msgid_plural":
            assert current is not None
            current.msgid_plural = _unquote(rest)
            target = ("msgid_plural", 0)
        elif keyword.startswith("msgstr"):
            assert current is not None
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            while len(current.msgstr) <= index:
                current.msgstr.append("")
            current.msgstr[index] = _unquote(rest)
            target = ("msgstr", index)
        else:
            raise ValueError(f"{path}:{lineno}: cannot read {raw!r}")
    finish()
    return entries


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    return f'"{escaped}"'


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


# --- the catalogue checks -----------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[sdifr]|%[sdif]|\{[A-Za-z_][A-Za-z0-9_]*\}")


def catalogue_problems(language: str, locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Untranslated, fuzzy or placeholder-mismatched entries of one catalogue."""
    path = po_path(language, locale_dir)
    if not path.exists():
        return [f"{path}: missing"]
    problems = []
    for entry in parse_po(path):
        if entry.obsolete:
            continue
        where = f"{path.relative_to(locale_dir.parent)}:{entry.lineno}"
        if "fuzzy" in entry.flags:
            problems.append(f"{where}: fuzzy: {entry.msgid!r}")
        if entry.msgid == "":
            continue
        if not entry.translated:
            problems.append(f"{where}: untranslated: {entry.msgid!r}")
            continue
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        wanted = set().union(*(PLACEHOLDER.findall(text) for text in sources))
        for msgstr in entry.msgstr:
            # A plural form may leave out the count (Indonesian has one form), never add one.
            got = set(PLACEHOLDER.findall(msgstr))
            if got - wanted or (entry.msgid_plural is None and got != wanted):
                problems.append(f"{where}: placeholders {sorted(got)} != {sorted(wanted)} in {msgstr!r}")
        if language == SOURCE_LANGUAGE and entry.msgid_plural is None and entry.msgstr != [entry.msgid]:
            problems.append(f"{where}: the {language} msgstr must repeat the msgid: {entry.msgid!r}")
    result = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)],
                            capture_output=True, text=True, check=False)
    if result.returncode:
        problems.append(f"{path}: msgfmt --check: {result.stderr.strip()}")
    return problems


def _msgids(path: Path) -> set[tuple[str | None, str, str | None]]:
    return {entry.key for entry in parse_po(path) if not entry.obsolete and entry.msgid}


def run_makemessages(root: Path = BASE_DIR) -> None:
    """makemessages for both languages into root/locale, over the source files under root."""
    env = {**os.environ, "EKINERJA_LOCALE_DIR": str(root / "locale")}
    subprocess.run(
        [sys.executable, "-c", _MAKEMESSAGES_SCRIPT, *LANGUAGES, "--", *MAKEMESSAGES_IGNORE],
        cwd=root, env={**env, "PYTHONPATH": str(BASE_DIR)}, check=True, capture_output=True, text=True,
    )


# A separate process: makemessages walks the working directory and writes into the `locale`
# directory nearest each file (settings.LOCALE_PATHS, or ./locale). For a check, the working
# directory is a copy: symbolic links to the source, and a copy of locale/ (so nothing the
# developer has is touched).
_MAKEMESSAGES_SCRIPT = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")
import django
from django.conf import settings
django.setup()
settings.LOCALE_PATHS = [os.environ["EKINERJA_LOCALE_DIR"]]
from django.core.management import call_command
split = sys.argv.index("--")
call_command("makemessages", locale=sys.argv[1:split], ignore_patterns=sys.argv[split + 1:],
             no_obsolete=True, no_wrap=True, add_location="file", symlinks=True, verbosity=0)
"""


def _source_copy(tmp: Path, locale_dir: Path) -> Path:
    root = tmp / "src"
    root.mkdir()
    for entry in BASE_DIR.iterdir():
        if entry.name not in EXCLUDED_DIRS and not entry.name.startswith(".") and entry.is_dir():
            (root / entry.name).symlink_to(entry, target_is_directory=True)
    shutil.copytree(locale_dir, root / "locale")
    return root


def freshness_problems(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """msgids the source has and a catalogue lacks, or the other way round."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        root = _source_copy(Path(tmp), locale_dir)
        run_makemessages(root)
        copy = root / "locale"
        for language in LANGUAGES:
            committed, fresh = _msgids(po_path(language, locale_dir)), _msgids(po_path(language, copy))
            for key in sorted(fresh - committed, key=str):
                problems.append(f"locale/{language}: missing msgid {key[1]!r} (run tools/i18n.py update)")
            for key in sorted(committed - fresh, key=str):
                problems.append(f"locale/{language}: msgid no longer in the source {key[1]!r}")
    return problems


def _mo_catalog(path: Path) -> dict[object, str]:
    with path.open("rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)  # the header: its POT-Creation-Date is noise
    return catalog


def compiled_problems(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Each committed .mo holds exactly what its .po compiles to."""
    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for language in LANGUAGES:
            po = po_path(language, locale_dir)
            mo = po.with_suffix(".mo")
            if not mo.exists():
                problems.append(f"{mo}: missing (run tools/i18n.py update)")
                continue
            fresh = Path(tmp) / f"{language}.mo"
            subprocess.run(["msgfmt", "-o", str(fresh), str(po)], check=True)
            if _mo_catalog(fresh) != _mo_catalog(mo):
                problems.append(f"{mo}: does not match {po.name} (run tools/i18n.py update)")
    return problems


# --- text that bypasses gettext: templates ------------------------------------------------------

# Words that read the same in both languages: acronyms, proper names, units. A text node or
# attribute made only of these (and numbers, punctuation, symbols) needs no translation.
ALLOWED_WORDS = {
    "e-Kinerja", "SKP", "RHK", "NIP", "PDF", "CSV", "ASN", "PNS", "PPPK", "SIASN", "BKN", "JPT", "WIB",
    "BerAKHLAK", "ID", "OK", "URL", "API", "HTML", "htmx", "NRP", "Plt", "Plh", "A4", "e-KINERJA",
    "https", "http",  # the placeholder of a link field: "https://"
}
# Attributes a person reads or hears (screen readers read aria-*).
TEXT_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt", "aria-description",
                   "aria-roledescription", "aria-valuetext", "aria-placeholder", "label",
                   "hx-confirm", "hx-prompt"}
MARK = "\ue000"  # stands for a template tag or variable: never text of its own
WORD = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?")


def needs_translation(text: str) -> bool:
    text = text.replace(MARK, " ")
    return any(word not in ALLOWED_WORDS for word in WORD.findall(text))


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []
        self.raw_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self.raw_depth += 1
        values = dict(attrs)
        for name, value in attrs:
            if value is None:
                continue
            readable = name in TEXT_ATTRIBUTES or name.startswith("data-teks") or (
                name == "value" and tag in {"input", "button"}
                and (values.get("type") or "").lower() in {"submit", "button", "reset"})
            if readable and needs_translation(value):
                self.found.append((self.getpos()[0], f'{name}="{value.replace(MARK, "…")}"'))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag in {"script", "style"}:
            self.raw_depth -= 1

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self.raw_depth = max(0, self.raw_depth - 1)

    def handle_data(self, data: str) -> None:
        if not self.raw_depth and needs_translation(data):
            leading = data[: len(data) - len(data.lstrip())]
            text = " ".join(data.replace(MARK, "…").split())
            self.found.append((self.getpos()[0] + leading.count("\n"), text))


_SKIPPED_BLOCKS = {"blocktranslate": "endblocktranslate", "blocktrans": "endblocktrans",
                   "comment": "endcomment", "verbatim": "endverbatim"}
# {% block %}s whose content is a class name or markup for <head>, never text.
_NON_TEXT_BLOCKS = {"main_class", "body_class"}
# A literal a template passes on as text: `default:"..."` and an include's `judul="..."`
# (`_("...")` is the translated form of both). Other `with` values are identifiers (tab="kurva").
_LITERAL_ARGUMENT = re.compile(
    r"""(?:\bdefault(?:_if_none)?:|\b(?:judul|label|title|teks|pesan|keterangan)=)(?!_\()(["'])(.*?)\1""")


def _literal_texts(token_contents: str) -> list[str]:
    # An identifier (a CSS class, a mode) is one lower-case word; text has a space or a capital.
    return [text for _quote_char, text in _LITERAL_ARGUMENT.findall(token_contents)
            if needs_translation(text) and (" " in text or text != text.lower())]


def template_bypasses(source: str) -> list[tuple[int, str]]:
    """(line, text) of each visible text or readable attribute outside {% translate %}."""
    from django.template.base import Lexer, TokenType

    pieces: list[str] = []
    literals: list[tuple[int, str]] = []
    closing: str | None = None
    for token in Lexer(source).tokenize():
        newlines = "\n" * token.contents.count("\n")
        if closing is not None:
            if token.token_type == TokenType.BLOCK and token.contents.split()[0] == closing:
                closing = None
            pieces.append(newlines)
            continue
        if token.token_type == TokenType.TEXT:
            pieces.append(token.contents)
            continue
        words = token.contents.split()
        if token.token_type == TokenType.BLOCK:
            closing = _SKIPPED_BLOCKS.get(words[0] if words else "")
            if words[:1] == ["block"] and words[1:2] and words[1] in _NON_TEXT_BLOCKS:
                closing = "endblock"
            if words[:1] in (["include"], ["with"], ["firstof"]) and _literal_texts(token.contents):
                literals.append((token.lineno, f"{{% {token.contents} %}}"))
            pieces.append(MARK + newlines)
        elif token.token_type == TokenType.VAR:
            if _literal_texts(token.contents):
                literals.append((token.lineno, f"{{{{ {token.contents} }}}}"))
            pieces.append(MARK + newlines)
        else:  # {# comment #}
            pieces.append(newlines)
    finder = _TextFinder()
    finder.feed("".join(pieces))
    finder.close()
    return sorted(finder.found + literals)


def _project_files(suffix: str, root: Path = BASE_DIR) -> list[Path]:
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in EXCLUDED_DIRS and not d.startswith("."))
        found += [Path(dirpath) / name for name in sorted(filenames) if name.endswith(suffix)]
    return found


def template_problems(root: Path = BASE_DIR) -> list[str]:
    problems = []
    for path in _project_files(".html", root):
        for line, text in template_bypasses(path.read_text(encoding="utf-8")):
            problems.append(f"{path.relative_to(root)}:{line}: not translated: {text}")
    return problems


# --- text that bypasses gettext: Python ---------------------------------------------------------

GETTEXT_FUNCTIONS = {"_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy",
                     "pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy", "format_lazy", "_lazy"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
# Keyword arguments whose value a person reads (form fields, model fields, admin).
TEXT_KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label",
                 "description", "subject", "title", "message", "judul", "pesan", "intro", "tombol",
                 "konfirmasi"}
# Keys of a template context entry that a page shows (API payloads' "message" are not ours).
CONTEXT_TEXT_KEYS = {"judul", "pesan", "label", "intro", "tombol", "konfirmasi"}
TEXT_ASSIGNMENTS = {"verbose_name", "verbose_name_plural", "empty_label", "short_description"}
# The project's exceptions carry refusals shown to people; these few carry notes for operators.
INTERNAL_EXCEPTIONS = {
    "FetchRefused",  # ekinerja/pdf.py: a URL a PDF asked for and did not get; logged, never shown
}
# Python files whose text is not e-Kinerja's UI (management commands are skipped too: their
# output is for the operator at a terminal).
NOT_UI_FILES = {
    "ekinerja/siasn_simulator.py": "imitates the outside SIASN service: its words, not ours",
    "skala/generator.py": "generated scale-test data",
}
# Literals that look like UI text but reach no page: (file, text) and why.
NOT_SHOWN = {
    ("ekinerja/models.py", "Unix time the window started"): "LoginCounter is in no admin and no page",
}
# An escape in a msgid literal: xgettext keeps "\u201c" as written, Python reads it as “, so the
# catalogue's entry never matches at run time. Write the character itself.
_ESCAPE = re.compile(r"\\[uUNx]")
BUILTIN_EXCEPTIONS = {name for name in dir(__import__("builtins")) if name.endswith(("Error", "Exception"))}


def _is_text(node: ast.AST | None) -> bool:
    """A literal (or formatted literal) with words in it: text that did not pass gettext."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return needs_translation(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values if isinstance(part, ast.Constant))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod | ast.Add):
        return _is_text(node.left) or _is_text(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format":
        return _is_text(node.func.value)
    return False


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _show(node: ast.AST) -> str:
    return " ".join(ast.unparse(node).split())[:100]


class _PythonFinder(ast.NodeVisitor):
    def __init__(self, path: str, source: str, exceptions: set[str]) -> None:
        self.found: list[tuple[int, str]] = []
        self.path = path
        self.source = source
        self.exceptions = exceptions - INTERNAL_EXCEPTIONS

    def flag(self, node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and (self.path, node.value) in NOT_SHOWN:
            return
        self.found.append((getattr(node, "lineno", 0), _show(node)))

    def visit_Call(self, node: ast.Call) -> None:
        name = _name(node.func)
        if name in GETTEXT_FUNCTIONS:
            for arg in node.args:
                segment = ast.get_source_segment(self.source, arg) or ""
                if isinstance(arg, ast.Constant) and _ESCAPE.search(segment):
                    shown = " ".join(segment.split())[:100]
                    self.found.append((arg.lineno, f"{shown}  (escape sequence in a msgid)"))
            return  # whatever is inside is translated (or a msgid)
        if isinstance(node.func, ast.Attribute) and _name(node.func.value) == "messages":
            index = 2 if name == "add_message" else 1 if name in MESSAGE_LEVELS else None
            if index is not None and len(node.args) > index and _is_text(node.args[index]):
                self.flag(node.args[index])
        shown = name in {"ValidationError", "PermissionDenied"} or name in self.exceptions
        if shown and node.args and _is_text(node.args[0]):
            self.flag(node.args[0])
        if name.startswith("HttpResponse") and node.args and _is_text(node.args[0]):
            self.flag(node.args[0])  # a body a person reads (a plain-text 400, say)
        if name == "add_error" and len(node.args) > 1 and _is_text(node.args[1]):
            self.flag(node.args[1])
        if name in {"send_mail", "send_mass_mail", "EmailMessage", "EmailMultiAlternatives"}:
            for arg in node.args[:2]:
                if _is_text(arg):
                    self.flag(arg)
        for keyword in node.keywords:
            if keyword.arg in TEXT_KEYWORDS and _is_text(keyword.value):
                self.flag(keyword.value)
            if keyword.arg == "error_messages" and isinstance(keyword.value, ast.Dict):
                for value in keyword.value.values:
                    if _is_text(value):
                        self.flag(value)
            if keyword.arg == "choices":
                self._choices(keyword.value)
        self.generic_visit(node)

    def visit_Dict(self, node: ast.Dict) -> None:
        # A context entry a template shows: {"judul": "...", "pesan": "..."}.
        for key, value in zip(node.keys, node.values, strict=True):
            if isinstance(key, ast.Constant) and key.value in CONTEXT_TEXT_KEYS and _is_text(value):
                self.flag(value)
        self.generic_visit(node)

    def _choices(self, node: ast.AST) -> None:
        if isinstance(node, ast.List | ast.Tuple):
            for item in node.elts:
                if isinstance(item, ast.Tuple) and len(item.elts) == 2 and _is_text(item.elts[1]):
                    self.flag(item.elts[1])

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            if _name(target) in TEXT_ASSIGNMENTS and _is_text(node.value):
                self.flag(node.value)
            if _name(target).endswith("choices") or _name(target).endswith("CHOICES"):
                self._choices(node.value)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        if any(_name(base) in {"TextChoices", "IntegerChoices", "Choices"} for base in node.bases):
            for statement in node.body:
                if isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Tuple):
                    label = statement.value.elts[-1]
                    if _is_text(label):
                        self.flag(label)
                elif (isinstance(statement, ast.Assign) and not isinstance(statement.value, ast.Call)
                      and all(isinstance(t, ast.Name) and t.id.isupper() for t in statement.targets)):
                    # No label given: Django makes one from the member's name, in no language.
                    self.found.append((statement.lineno, f"{_show(statement)}  (choice without a label)"))
        self.generic_visit(node)


def _project_exceptions(trees: list[ast.Module]) -> set[str]:
    """Exception classes the project defines: their messages are refusals shown to people."""
    names: set[str] = set()
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.bases:
                names.add(node.name)
    # Only classes that are exceptions (directly or through another project exception).
    exceptions = {"Exception"}
    classes = {node.name: [_name(b) for b in node.bases] for tree in trees for node in ast.walk(tree)
               if isinstance(node, ast.ClassDef)}
    changed = True
    while changed:
        changed = False
        for name, bases in classes.items():
            if name not in exceptions and any(b in exceptions or b in BUILTIN_EXCEPTIONS for b in bases):
                exceptions.add(name)
                changed = True
    return (exceptions & names) - BUILTIN_EXCEPTIONS


# An upper-case phrase is a printed heading ("KINERJA UTAMA"), wherever it is built. Not one:
# SQL, and values compared, looked up or used as keys (a SIASN status such as "NON ASN").
_CAPS_PHRASE = re.compile(r"^[A-Z][A-Z.,/()-]*(?: [A-Z0-9][A-Z0-9.,/()-]*)+$")
_SQL = re.compile(r"^(SELECT|SET|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|DROP|LOCK|VACUUM|ANALYZE) ")
CAPS_VALUES = {"NON ASN"}  # SIASN's status of a non-civil-servant rater, stored and compared


def _caps_phrases(tree: ast.Module) -> list[tuple[int, str]]:
    skip: set[int] = set()
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and _name(node.func) in GETTEXT_FUNCTIONS | {"get"}) or isinstance(
                node, ast.Compare):
            skip |= {id(inner) for inner in ast.walk(node)}
        elif isinstance(node, ast.Dict):
            skip |= {id(key) for key in node.keys if key is not None}
        elif isinstance(node, ast.Subscript):
            skip |= {id(inner) for inner in ast.walk(node.slice)}
    return [(node.lineno, f"{_show(node)}  (an upper-case heading)") for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
            and _CAPS_PHRASE.match(node.value) and not _SQL.match(node.value)
            and node.value not in CAPS_VALUES and needs_translation(node.value)]


def python_bypasses(sources: dict[str, str]) -> list[tuple[str, int, str]]:
    trees = {path: ast.parse(source, filename=path) for path, source in sources.items()
             if path not in NOT_UI_FILES}
    exceptions = _project_exceptions(list(trees.values()))
    found = []
    for path, tree in trees.items():
        finder = _PythonFinder(path, sources[path], exceptions)
        finder.visit(tree)
        found += [(path, line, text) for line, text in sorted(set(finder.found + _caps_phrases(tree)))]
    return found


def python_problems(root: Path = BASE_DIR) -> list[str]:
    sources = {str(path.relative_to(root)): path.read_text(encoding="utf-8")
               for path in _project_files(".py", root)
               if "management" not in path.relative_to(root).parts and path.name != "manage.py"}
    return [f"{path}:{line}: not translated: {text}" for path, line, text in python_bypasses(sources)]


# --- command line -------------------------------------------------------------------------------


HEADER = {
    "Project-Id-Version": "e-Kinerja",
    "Report-Msgid-Bugs-To": "",
    "PO-Revision-Date": "2026-11-30 09:00+0700",
    "Last-Translator": "e-Kinerja",
    "Language-Team": "e-Kinerja",
}


def _fix_header(path: Path, language: str) -> None:
    """Real header values (msgfmt --check warns on the template's), and no fuzzy header."""
    text = path.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n\n")
    head = re.sub(r"^#, fuzzy\n", "", head, flags=re.M)
    template = r"^# (SOME DESCRIPTIVE TITLE|Copyright \(C\) YEAR|This file is distributed|FIRST AUTHOR).*\n"
    head = re.sub(template, "", head, flags=re.M)
    for name, value in {**HEADER, "Language": language}.items():
        head = re.sub(rf'^"{re.escape(name)}: .*\\n"$', f'"{name}: {value}\\\\n"', head, flags=re.M)
    path.write_text(head + sep + body, encoding="utf-8")


def fill_source_catalogue(locale_dir: Path = LOCALE_DIR) -> None:
    """The id catalogue's msgstr is its msgid (msgen), with Indonesian's one plural form, never fuzzy."""
    path = po_path(SOURCE_LANGUAGE, locale_dir)
    subprocess.run(["msgen", "--force-po", "--no-wrap", "-o", str(path), str(path)], check=True)
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'^msgstr\[[1-9]\] ".*"\n', "", text, flags=re.M)
    path.write_text(text, encoding="utf-8")


def update() -> None:
    # The id catalogue follows from the source alone: made afresh, so no stale or fuzzy msgstr
    # from msgmerge survives in it.
    po_path(SOURCE_LANGUAGE).unlink(missing_ok=True)
    run_makemessages(BASE_DIR)
    fill_source_catalogue()
    for language in LANGUAGES:
        _fix_header(po_path(language), language)
    for language in LANGUAGES:
        po = po_path(language)
        subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)


def check() -> list[str]:
    problems = []
    for language in LANGUAGES:
        problems += catalogue_problems(language)
    problems += freshness_problems()
    problems += compiled_problems()
    problems += template_problems()
    problems += python_problems()
    return problems


def main(argv: list[str]) -> int:
    if argv[1:] == ["update"]:
        update()
        return 0
    if argv[1:] == ["check"]:
        problems = check()
        print("\n".join(problems) or "translations: ok")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ekinerja.settings")
    sys.exit(main(sys.argv))
