"""Engine adapters: each translates one site engine's events into the core's calls (edition.site), and decides nothing."""
