"""Generation driver (blocks in parallel, chunked writes) and the command line."""
from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time

import pyarrow as pa

from .block import Block
from .config import ALL_TABLES, BLOCK_PERSONS
from .noise import PERSON_NOISE_DEFAULT
from .sink import Sink
from .world import World

_WORLD_CACHE: dict = {}


def build_block(persons: int, seed: int, b: int, person_noise: float = 0.0) -> dict[str, pa.Table]:
    """All tables of block ``b`` (a pure function of persons, seed and b)."""
    world = _WORLD_CACHE.get((persons, seed, person_noise))
    if world is None:
        _WORLD_CACHE.clear()
        world = _WORLD_CACHE[(persons, seed, person_noise)] = World(persons, seed, person_noise)
    start = b * BLOCK_PERSONS
    return Block(world, b, start, min(persons, start + BLOCK_PERSONS)).build()


def _build_block_job(args):
    return build_block(*args)


def generate(persons: int, seed: int, out: str, fmt: str = "parquet", chunk_persons: int = 20000,
             progress=None, workers: int = 1, person_noise: float = PERSON_NOISE_DEFAULT) -> dict[str, int]:
    """Write all tables to ``out``; returns rows written per table. Output does not depend on
    chunk_persons or workers."""
    if persons < 1:
        raise ValueError("--persons must be at least 1")
    if not 0.0 <= person_noise <= 1.0:
        raise ValueError("--person-noise must be between 0 and 1")
    n_blocks = (persons + BLOCK_PERSONS - 1) // BLOCK_PERSONS
    per_chunk = max(1, -(-chunk_persons // BLOCK_PERSONS))
    chunks = [[(persons, seed, b, person_noise) for b in range(c0, min(n_blocks, c0 + per_chunk))]
              for c0 in range(0, n_blocks, per_chunk)]
    sink = Sink(out, fmt)
    pool = None
    try:
        if workers > 1 and n_blocks > 1:
            methods = multiprocessing.get_all_start_methods()
            ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
            pool = ctx.Pool(workers)
            pending = pool.map_async(_build_block_job, chunks[0])
        done = 0
        for ci, jobs in enumerate(chunks):
            if pool is not None:
                results = pending.get()
                if ci + 1 < len(chunks):      # generate the next chunk while this one is written
                    pending = pool.map_async(_build_block_job, chunks[ci + 1])
            else:
                results = [_build_block_job(j) for j in jobs]
            for t in ALL_TABLES:
                sink.write(t, pa.concat_tables([res[t] for res in results]))
            del results
            done += sum(min(persons, (b + 1) * BLOCK_PERSONS) - b * BLOCK_PERSONS for _, _, b, _ in jobs)
            if progress:
                progress(done, persons)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        sink.close()
    return sink.counts


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="generate_demo_data.py",
        description="Write the synthetic demo business of the identity-resolution project: the 13 raw "
                    "tables of docs/source-contract.md (one file per table, all columns text, with raw "
                    "format variants, junk, hostile and quarantine rows) plus truth_identifiers, the true "
                    "person / persona / device behind every canonical identifier.",
        epilog="Example: python scripts/generate_demo_data.py --persons 100000 --seed 42 --out data/demo "
               "--format parquet. Output depends only on --persons, --seed and --person-noise.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    ap.add_argument("--persons", type=int, default=1000, help="number of persons to simulate")
    ap.add_argument("--seed", type=int, default=42, help="random seed (same seed, same files)")
    ap.add_argument("--out", default="data/demo", help="output folder (created if missing)")
    ap.add_argument("--format", choices=["parquet", "csv", "both"], default="parquet",
                    help="file format: Parquet (all string columns), CSV (RFC 4180, header, NULL = empty field) or both")
    ap.add_argument("--chunk-persons", type=int, default=20000,
                    help=f"persons buffered in memory before each write (rounded up to blocks of {BLOCK_PERSONS}); "
                         "does not change the rows written")
    ap.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1),
                    help="processes generating blocks in parallel; does not change the rows written")
    ap.add_argument("--person-noise", type=float, default=PERSON_NOISE_DEFAULT,
                    help="share of person records (accounts, loyalty members, booking guests, order addresses) "
                         "with typos, nicknames, swapped names, missing or impossible dates of birth, moved "
                         "addresses, transposed postcodes or blanks; also the share of details-only loyalty "
                         "members (no e-mail, no phone). 0 disables (scripts/demo_data/noise.py)")
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    if args.persons < 1:
        ap.error("--persons must be at least 1")
    t0 = time.time()

    def progress(done, total):
        if not args.quiet:
            print(f"  {done:>10,} / {total:,} persons  {time.time() - t0:7.1f} s", file=sys.stderr)

    if not 0.0 <= args.person_noise <= 1.0:
        ap.error("--person-noise must be between 0 and 1")
    counts = generate(args.persons, args.seed, args.out, args.format, args.chunk_persons, progress, args.workers,
                      args.person_noise)
    for t in ALL_TABLES:
        print(f"{t:<20} {counts[t]:>12,} rows")
    print(f"wrote {args.format} to {args.out} in {time.time() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
