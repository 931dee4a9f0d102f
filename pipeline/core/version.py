"""The version of planreview: one place, read by the CLI, findings.json and batch manifests."""

__version__ = "0.1.0"
