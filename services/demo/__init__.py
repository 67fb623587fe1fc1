"""A realistic, deterministic demo province (modelled on Lạng Sơn) recorded into an empty ledger: `tthc demo`.

    summary = seed(app, progress=lambda done, total, label: ...)

Data tables: units_data.py, procedures_data.py; the story: structure.py, listing.py, review.py, reform.py.
"""

from services.demo.seeder import DemoSummary, UnitProgress, seed

__all__ = ["DemoSummary", "UnitProgress", "seed"]
