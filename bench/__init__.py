"""The benchmark (not part of `make test`): see bench/README.md."""
