"""YAML -> validated records, and records -> YAML, on one schema.

files (where the text comes from), yamlsafe (the strict, position-aware safe
loader), schema (field names, limits, the written shape), validate (the one
validator), load (the whole file), stream (one event at a time, for the cache),
write (timeline YAML for commands that produce it).
"""
