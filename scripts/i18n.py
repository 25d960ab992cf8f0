#!/usr/bin/env python3
"""Localization keys: English text is the key, French lives in SharedResource.fr.resx.

  scripts/i18n.py missing            list the keys the source uses that French lacks
  scripts/i18n.py add-missing        append them to SharedResource.fr.resx with value "TODO: <English>"
                                     (the completeness test fails on TODO values until someone translates them)
  scripts/i18n.py unused             list French keys the source no longer uses
  scripts/i18n.py case               list keys that differ only by case (a .resx can hold only one of them)

The same scan runs in tests/CodRocket.Stock.Tests/Localization/ResourceCompletenessTests.cs.
"""
import pathlib, re, sys, xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

ROOT = pathlib.Path(__file__).resolve().parent.parent
FR = ROOT / "src/CodRocket.Stock.Web/Resources/SharedResource.fr.resx"
STRING = r'"((?:[^"\\]|\\.)*)"'
PATTERNS = [
    # L["..."], localizer["..."], T["..."]: the localizer indexers (views, page models, notifications).
    re.compile(r'(?<![\w.])_?(?:L|T|l|localizer|Localizer)\[\s*' + STRING),
    # DataAnnotations: validation messages and display names.
    re.compile(r'\bErrorMessage\s*=\s*' + STRING),
    re.compile(r'\[Display\(Name\s*=\s*' + STRING),
    # Keys chosen in the domain and translated where shown: Text.Key("...") marks them.
    re.compile(r'\bText\.Key\(\s*' + STRING),
]
# Infrastructure/*Text.cs map enums to English keys: every literal they return is a key.
TEXT_HELPER = re.compile(r'=>\s*\(?\s*' + STRING)
CSS_CLASS = re.compile(r'^[a-z]+(-[a-z]+)+$')  # OrderText.Pill returns CSS classes, not words
# Enum names shown through L[value.ToString()] (roles, notification kinds and statuses).
ENUM_KEYS = ["Owner", "Manager", "Staff", "Alert", "Invitation", "Test", "Confirmation", "MorningSummary", "KeysRevoked", "WebhookDisabled",
             "Pending", "Sending", "Sent", "Failed", "Logged", "Dropped"]

def unescape(s):
    return s.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") if "\\" in s else s

def used_keys():
    keys = {}
    for path in sorted((ROOT / "src").rglob("*")):
        if path.suffix not in (".cs", ".cshtml", ".razor") or "/obj/" in str(path) or "/Migrations/" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        patterns = PATTERNS + ([TEXT_HELPER] if path.name.endswith("Text.cs") and path.parent.name == "Infrastructure" else [])
        for pattern in patterns:
            for m in pattern.finditer(text):
                if m.group(1) and not CSS_CLASS.match(m.group(1)):
                    keys.setdefault(unescape(m.group(1)), str(path.relative_to(ROOT)))
    for k in ENUM_KEYS:
        keys.setdefault(k, "(enum names)")
    return keys

def resx(path):
    return {d.get("name"): (d.findtext("value") or "") for d in ET.parse(path).getroot().findall("data")}

def main(cmd):
    used, fr = used_keys(), resx(FR)
    if cmd == "missing":
        for k, where in sorted(used.items(), key=lambda kv: kv[1]):
            if k not in fr or fr[k].startswith("TODO"):
                print(f"{where}\t{k}")
    elif cmd == "case":
        seen = {}
        for k, where in used.items():
            seen.setdefault(k.lower(), []).append(f"{k!r} ({where})")
        for group in seen.values():
            if len(group) > 1:
                print("  vs  ".join(group))
    elif cmd == "unused":
        for k in sorted(set(fr) - set(used)):
            print(k)
    elif cmd == "add-missing":
        # A .resx compiles its names case-insensitively: a key that differs from an existing one only by case
        # can't be added; its source must use the existing spelling.
        lower = {k.lower(): k for k in fr}
        clashes = [k for k in used if k not in fr and k.lower() in lower]
        for k in clashes:
            print(f"not added, differs only by case from {lower[k.lower()]!r}: {k!r} ({used[k]})")
        missing = [k for k in used if k not in fr and k.lower() not in lower]
        text = FR.read_text(encoding="utf-8")
        entries = "".join(f'  <data name="{escape(k, {chr(34): "&quot;"})}" xml:space="preserve">\n    <value>TODO: {escape(k)}</value>\n  </data>\n' for k in missing)
        FR.write_text(text.replace("</root>", entries + "</root>"), encoding="utf-8")
        print(f"{len(missing)} keys added to {FR.relative_to(ROOT)}")
    else:
        print(__doc__)
        return 2
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
