"""Filesystem locations, all relative to the repository root (the parent of this package)."""

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
# Read in place, never copied into the project (CC BY-NC 4.0, see the dataset README).
INSTAFAKE_TRAIN_CSV = REPO_ROOT.parent / "shared" / "datasets" / "instafake" / "train.csv"
INSTAFAKE_TRAIN_CSV_DISPLAY = "../shared/datasets/instafake/train.csv"
MODELS_DIR = REPO_ROOT / "models"
PARITY_DIR = REPO_ROOT / "test" / "fixtures" / "parity"


def model_dir(name: str, version: str) -> Path:
    return MODELS_DIR / name / version
