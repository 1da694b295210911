"""Settings of the served benchmark: Brug's own production settings (DEBUG off, from the
environment `bench/common.py` sets) with two differences that only the bench needs.

- The URLconf adds the floor page (`bench/urls.py`); it is no URL of Brug itself.
- Passwords are hashed with a fast hasher: the 2 000 simulated workers log in once at the
  start, and PBKDF2 (its cost is the point in production) would spend minutes of the shared
  cores on logins that are not what the benchmark measures.
"""

from brug.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
