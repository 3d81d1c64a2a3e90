"""The one cache-or-file choice (`open.open_store`), the cache's build and reads, and search text.

memory (the store protocol, and a timeline held in full), location (where the cache
lives, whom it trusts), key (code fingerprint and content hash), records (an event as
a row), searchtext (the folded text, memory-mapped), build, cache (answers from it),
open (the one road the CLI, check and tests take).
"""
