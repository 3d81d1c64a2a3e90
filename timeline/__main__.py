"""`python -m timeline` runs the command-line app."""

from timeline.cli import main

main()
