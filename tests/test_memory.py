"""Memory: a worker spends none on password hashing just by starting."""

from __future__ import annotations


def test_no_password_is_hashed_when_the_app_loads(tmp_path):
    """argon2's standard profile takes 64 MiB per hash: a worker must not spend it just by starting (RSS target)."""
    import subprocess
    import sys

    script = (
        "import argon2\n"
        "calls = []\n"
        "real = argon2.PasswordHasher.hash\n"
        "argon2.PasswordHasher.hash = lambda self, *a, **k: calls.append(1) or real(self, *a, **k)\n"
        "from summit import create_app\n"
        f"app = create_app({{'SUMMIT_ENV': 'development', 'DATABASE_URL': 'sqlite:///{tmp_path}/x.db',\n"
        "                   'SECRET_KEY': 'a-development-key-that-is-long-enough-0123456789',\n"
        "                   'PASSWORD_HASH_PROFILE': 'standard', 'MAIL_BACKGROUND': False})\n"
        "import summit.auth.passwords\n"
        "print(len(calls))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "0"


def test_a_worker_imports_no_library_that_only_a_few_pages_use(tmp_path):
    """fpdf2 (with fontTools and Pillow), alembic (with Mako), segno, pyotp, markdown-it, filetype and
    email-validator are imported by the first page that needs them: a worker that serves calendars and pages stays
    near a plain Flask app in memory (issue #13: peak RSS within hello-world + 60 MB)."""
    import subprocess
    import sys

    heavy = ["fpdf", "fontTools", "PIL", "alembic", "mako", "segno", "pyotp", "markdown_it", "filetype",
             "email_validator"]
    script = (
        "import sys\n"
        "from summit import create_app\n"
        f"app = create_app({{'SUMMIT_ENV': 'testing', 'DATABASE_URL': 'sqlite:///{tmp_path}/x.db',\n"
        "                   'SECRET_KEY': 'a-testing-key-that-is-long-enough-0123456789'})\n"
        f"print(sorted(name for name in {heavy!r} if name in sys.modules))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"
