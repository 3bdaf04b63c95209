"""The examples in docs/framework.md must work as written."""

from pathlib import Path

from reflect.core import textchecks

REPO = Path(__file__).resolve().parents[1]


def test_checks_yaml_example_extends_the_builtin_checks(tmp_path):
    doc = (REPO / "docs" / "framework.md").read_text(encoding="utf-8")
    section = doc[doc.index("## checks.yaml") :]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "checks.yaml").write_text(example, encoding="utf-8")
    rules = textchecks.load_rules(tmp_path)
    kinds = {f.kind for f in textchecks.scan("Ref CR-123456: he is well known to police.", rules)}
    assert kinds == {"case-reference", "language"}
    # the built-in checks still apply alongside the pack's
    assert textchecks.scan("email jo@example.com", rules)[0].kind == "email"
