# import-rule: pandas
# correct: center_columns through a pandas DataFrame, pandas imported inside the function
"""broadcasting: my solutions."""

from __future__ import annotations

import numpy as np


def column_percentages(A: np.ndarray) -> np.ndarray:
    return 100 * A / A.sum(axis=0, keepdims=True)


def center_columns(X):
    import pandas as pd
    df = pd.DataFrame(X)
    return (df - df.mean()).to_numpy()


def standardize(X: np.ndarray, eps: float = 1e-8) -> np.ndarray:
    mean = X.mean(axis=0, keepdims=True)
    std = X.std(axis=0, keepdims=True)  # ddof=0: divide by m, not m - 1
    return (X - mean) / (std + eps)


def to_column(v: np.ndarray) -> np.ndarray:
    return v.reshape(-1, 1)


def pairwise_sq_dists(X: np.ndarray, Y: np.ndarray) -> np.ndarray:
    diff = X[:, np.newaxis, :] - Y[np.newaxis, :, :]
    return (diff**2).sum(axis=2)
