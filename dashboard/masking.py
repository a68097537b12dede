"""Masking of identifier values for display: keys stay as the marts hash them, values are masked."""

from __future__ import annotations

import pandas as pd

# Columns of the use-case marts that hold identifier values (masked in samples).
IDENTIFIER_COLUMNS = {"email", "account_id", "recorded_on_account_id", "identifier_value", "anonymous_id",
                      "device_identifier", "phone"}


def mask(value) -> str:
    """a***@example.com for emails, the first two and last two characters otherwise."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value)
    if "@" in text:
        local, domain = text.rsplit("@", 1)
        return f"{local[:1]}***@{domain}"
    if len(text) <= 4:
        return "***"
    return f"{text[:2]}***{text[-2:]}"


def masked(frame: pd.DataFrame, columns=IDENTIFIER_COLUMNS) -> pd.DataFrame:
    frame = frame.copy()
    for column in frame.columns:
        if column in columns:
            frame[column] = frame[column].map(mask)
    return frame
