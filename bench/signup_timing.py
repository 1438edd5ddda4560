"""Sign-up timing: a new address against one that already has an account, side by side.

    .venv/bin/python bench/signup_timing.py [--rounds N]

Runs in-process on a throw-away SQLite database with the production password hasher
(PBKDF2) and the immediate task backend, posting the sign-up form through Django's test
client. Prints the median and spread of each path and their ratio; an outsider timing the
form should see a ratio near 1 (before the fix: 16-37 ms against 508-652 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="samskab-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["SAMSKAB_EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["SAMSKAB_VAR_DIR"] = folder
    os.makedirs(f"{folder}/static")  # whitenoise warns about a missing static root
    os.environ["DJANGO_SETTINGS_MODULE"] = "samskab.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from samskab.accounts.models import User

    call_command("migrate", verbosity=0)
    User.objects.create_user("findes@borger.demo", "fjord-og-bakker-2026")
    client = Client()

    def post(email: str) -> float:
        start = time.perf_counter()
        response = client.post(
            "/konto/opret/",
            {
                "email": email,
                "full_name": "Bench",
                "password1": "fjord-og-bakker-2026",
                "password2": "fjord-og-bakker-2026",
            },
        )
        elapsed = time.perf_counter() - start
        assert response.status_code == 302, response.status_code
        return elapsed * 1000

    post("opvarmning@borger.demo")
    new, existing = [], []
    for number in range(args.rounds):  # interleaved, so load on the machine hits both alike
        new.append(post(f"ny{number}@borger.demo"))
        existing.append(post("findes@borger.demo"))
    for name, times in (("new address", new), ("existing account", existing)):
        print(
            f"{name:17} median {statistics.median(times):7.1f} ms"
            f"  min {min(times):7.1f}  max {max(times):7.1f}  (n={len(times)})"
        )
    print(f"ratio existing/new: {statistics.median(existing) / statistics.median(new):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
