"""The one cache-or-file choice (`open.open_store`), the cache's build and reads, and search text.

memory (the store protocol, and a timeline held in full), location (where the cache
lives, whom it trusts), key (code fingerprint and content hash), records (an event as
a checksummed row), searchtext (the folded text, checksummed segments), build,
verified (reading rows so that damage is seen), cache (answers from it), tidy
(leftovers and old entries), open (the one road the CLI, check and tests take).
"""
