"""Data files read by the storage stage (police workforce figures)."""
