"""The access policy: may this worker see or change this family's information?

It sits above `core`, `network`, `families` and `consent` (it reads workers, families,
mandates and consents) and below every app that shows family data. `core` imports nothing
of it (tests/test_import_graph.py)."""
