"""`python -m timeline` runs the command-line app."""

from timeline.cli.run import main

main()
