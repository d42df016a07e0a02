# tests/fuzz: filled in by its issue
