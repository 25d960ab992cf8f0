#!/usr/bin/env python3
"""Localization keys: English text is the key, French lives in SharedResource.fr.resx.

  scripts/i18n.py missing            list the keys the source uses that French lacks
  scripts/i18n.py add-missing        append them to SharedResource.fr.resx with value "TODO: <English>"
                                     (the completeness test fails on TODO values until someone translates them)
  scripts/i18n.py unused             list French keys the source no longer uses

The same scan runs in tests/CodRocket.Stock.Tests/Localization/ResourceCompletenessTests.cs.
"""
import pathlib, re, sys, xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

ROOT = pathlib.Path(__file__).resolve().parent.parent
FR = ROOT / "src/CodRocket.Stock.Web/Resources/SharedResource.fr.resx"
STRING = r'"((?:[^"\\]|\\.)*)"'
PATTERNS = [
    # L["..."], localizer["..."], T["..."]: the localizer indexers (views, page models, notifications).
    re.compile(r'\b(?:L|T|localizer|Localizer)\[\s*' + STRING),
    # DataAnnotations: validation messages and display names.
    re.compile(r'\bErrorMessage\s*=\s*' + STRING),
    re.compile(r'\[Display\(Name\s*=\s*' + STRING),
    # Keys chosen in code and translated later: Text.Key("...") marks them.
    re.compile(r'\bKey\(\s*' + STRING),
]

def unescape(s):
    return s.encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8") if "\\" in s else s

def used_keys():
    keys = {}
    for path in sorted((ROOT / "src").rglob("*")):
        if path.suffix not in (".cs", ".cshtml") or "/obj/" in str(path) or "/Migrations/" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            for m in pattern.finditer(text):
                keys.setdefault(unescape(m.group(1)), str(path.relative_to(ROOT)))
    return keys

def resx(path):
    return {d.get("name"): (d.findtext("value") or "") for d in ET.parse(path).getroot().findall("data")}

def main(cmd):
    used, fr = used_keys(), resx(FR)
    if cmd == "missing":
        for k, where in sorted(used.items(), key=lambda kv: kv[1]):
            if k not in fr or fr[k].startswith("TODO"):
                print(f"{where}\t{k}")
    elif cmd == "unused":
        for k in sorted(set(fr) - set(used)):
            print(k)
    elif cmd == "add-missing":
        missing = [k for k in used if k not in fr]
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
