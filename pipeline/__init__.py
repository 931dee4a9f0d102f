"""planreview: review Vietnamese draft digital-transformation plans.

Flow: parse (parse.py) → segment (segment.py) → analyse (legal.py, tasks.py, targets.py)
→ check (checks/, driven by rules/*.yaml) → compare (duplicates.py) → render (render.py).
"""

__version__ = "0.1.0"
