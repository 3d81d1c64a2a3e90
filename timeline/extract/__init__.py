"""Finding dated events and counted figures in a Chinese news text, to seed a timeline.

One module per job: :mod:`~timeline.extract.layout` (sentences, headlines, captions,
quotes), :mod:`~timeline.extract.dates` (dates, times, durations, qualifiers),
:mod:`~timeline.extract.figures` (counted figures), :mod:`~timeline.extract.mentions`
(the Mention record and the ``extract()`` entry point) and
:mod:`~timeline.extract.candidates` (candidate events -> a timeline file ``check`` accepts).
"""

from timeline.extract.candidates import candidate_events, candidate_timeline, candidates_yaml
from timeline.extract.dateline import Dateline, find_dateline
from timeline.extract.events import YearUnknown
from timeline.extract.mentions import Mention, extract, mention_reading, mention_record

__all__ = [
    "Dateline",
    "YearUnknown",
    "Mention",
    "candidate_events",
    "candidate_timeline",
    "candidates_yaml",
    "find_dateline",
    "extract",
    "mention_reading",
    "mention_record",
]
