"""Pure text helpers: search folding, Chinese numerals, user dates, shortening for messages."""
