"""Everything that writes: the format registry, text safety, records, writers and views.

`registry` is the bottom of this layer (names only, writers loaded by name);
`safety` and `records` are leaves every writer uses; `plain` and `documents`
write text without rich; `render` is the only module of the package that imports rich.
"""
