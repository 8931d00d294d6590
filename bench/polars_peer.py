"""The dataframe peer of `runrisk weeks`, for bench/scale.sh.

It computes only a fraction of what `runrisk weeks` does, on the same log:
for each athlete and ISO week (zero-filled between the athlete's first and
last week), the week's distance, its number of runs, its longest run, and
the plain load ratio (the week's distance over the mean of the four weeks
before it; null with fewer than four weeks before it or a mean of zero).
(runrisk gives no ratio until 28 days after an athlete's first run, so
the first week of a ratio can differ by one.) runrisk also validates every
cell, analyses every rule, scores each week and writes a far larger JSON; the peer shows what a dataframe library takes
for the simplest part of that work.

    python3 bench/polars_peer.py big.csv out.json    # or /dev/null

Exits 2 when polars is not installed (`pip install polars`).
"""

import sys

try:
    import polars as pl
except ImportError:
    print("polars is not installed (pip install polars)", file=sys.stderr)
    sys.exit(2)

WEEKS_BEFORE = 4


def weekly(path):
    runs = pl.scan_csv(path).select(
        pl.col("athlete"),
        pl.col("date").str.to_date("%Y-%m-%d"),
        pl.col("distance_km").cast(pl.Float64),
    )
    weeks = (
        runs.with_columns(pl.col("date").dt.truncate("1w").alias("week"))
        .group_by("athlete", "week")
        .agg(
            pl.col("distance_km").sum().alias("distance_km"),
            pl.len().alias("runs"),
            pl.col("distance_km").max().alias("longest_run_km"),
        )
    )
    spans = weeks.group_by("athlete").agg(
        pl.date_ranges(pl.col("week").min(), pl.col("week").max(), "1w").alias("week")
    )
    every_week = spans.explode("week")
    filled = (
        every_week.join(weeks, on=["athlete", "week"], how="left")
        .with_columns(
            pl.col("distance_km").fill_null(0.0),
            pl.col("runs").fill_null(0),
            pl.col("longest_run_km").fill_null(0.0),
        )
        .sort("athlete", "week")
    )
    before = (
        pl.col("distance_km")
        .shift(1)
        .rolling_mean(WEEKS_BEFORE, min_samples=WEEKS_BEFORE)
        .over("athlete")
    )
    return filled.with_columns(
        pl.when(before > 0)
        .then(pl.col("distance_km") / before)
        .otherwise(None)
        .alias("load_ratio")
    )


def main():
    if len(sys.argv) != 3:
        print("usage: polars_peer.py LOG.csv OUT.json", file=sys.stderr)
        sys.exit(1)
    result = weekly(sys.argv[1]).collect()
    result.write_json(sys.argv[2])
    print(f"{result.height} athlete-weeks")


if __name__ == "__main__":
    main()
