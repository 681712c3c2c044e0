"""Rules as data plus pure functions: thresholds, RMS, duty, charges, periods."""
