"""Offline training pipeline of KOL Gateway: `python3 -m training.train_all` from the repository root."""
