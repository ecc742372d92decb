"""Pattern files load as the data they spell, whichever YAML parser reads them."""
import pytest
import yaml

from newsfacts.patterns import PATTERNS_DIR, load_yaml

YAML_FILES = sorted(p.name for p in PATTERNS_DIR.glob("*.yaml"))


def test_there_are_pattern_files():
    assert "numbers.yaml" in YAML_FILES and len(YAML_FILES) >= 10


@pytest.mark.parametrize("name", YAML_FILES)
def test_yaml_loads_as_the_pure_python_safe_loader_reads_it(name):
    # load_yaml uses libyaml's loader when PyYAML has it; it must read every file the same.
    with (PATTERNS_DIR / name).open(encoding="utf-8") as fh:
        assert load_yaml(name) == yaml.load(fh, Loader=yaml.SafeLoader)
