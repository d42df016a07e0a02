# tests/vm: filled in by its issue
