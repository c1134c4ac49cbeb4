"""``python -m nlp.cli`` = ``xxgk``."""

from . import main

main()
