"""End-to-end tests of the connected_components materialization (macros/linking).

The tiny project in cc_project/ applies the materialization to a Parquet edge table that each
test writes; many disjoint graphs (node names prefixed by a graph id) go through one dbt
invocation, and every node's component is compared with networkx. dbt runs in-process
(dbtRunner) against a DuckDB file in a temporary folder.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import duckdb
import networkx as nx
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dbt.adapters.duckdb.connections import DuckDBConnectionManager
from dbt.cli.main import dbtRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PROJECT_DIR = Path(__file__).resolve().parent / "cc_project"
MODEL = "cc_components"

Edge = tuple[str | None, str | None]


@dataclass
class DbtEnv:
    root: Path

    @property
    def db_path(self) -> Path:
        return self.root / "cc.duckdb"

    def run(self, edges: list[Edge], **extra_vars) -> tuple[bool, str]:
        """Writes `edges` to Parquet, runs the model; returns (success, messages)."""
        edges_path = self.root / "edges.parquet"
        pq.write_table(
            pa.table(
                {
                    "node_a": pa.array([a for a, _ in edges], type=pa.string()),
                    "node_b": pa.array([b for _, b in edges], type=pa.string()),
                }
            ),
            edges_path,
        )
        run_vars = {"edges_path": str(edges_path), **extra_vars}
        result = dbtRunner().invoke(
            [
                "run",
                "--project-dir", str(PROJECT_DIR),
                "--profiles-dir", str(self.root),
                "--target-path", str(self.root / "target"),
                "--log-path", str(self.root / "logs"),
                "--vars", json.dumps(run_vars),
                "--quiet",
            ]
        )  # fmt: skip
        # dbt-duckdb keeps the database open in this process; close it so the test can read.
        DuckDBConnectionManager.close_all_connections()
        messages = []
        if result.result is not None:
            messages = [str(getattr(r, "message", "")) for r in result.result]
        if result.exception is not None:
            messages.append(str(result.exception))
        return result.success, "\n".join(messages)

    def components(self) -> dict[str, str]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            rows = con.execute(f"select node, component_node from {MODEL}").fetchall()
        assert len(rows) == len({node for node, _ in rows}), "one row per node"
        return dict(rows)

    def tables(self) -> list[str]:
        with duckdb.connect(str(self.db_path), read_only=True) as con:
            return sorted(r[0] for r in con.execute("select table_name from duckdb_tables()").fetchall())


@pytest.fixture(scope="module")
def dbt_env(tmp_path_factory) -> DbtEnv:
    root = tmp_path_factory.mktemp("cc_project_run")
    (root / "profiles.yml").write_text(
        "identity_resolution:\n"
        "  target: duckdb\n"
        "  outputs:\n"
        "    duckdb:\n"
        "      type: duckdb\n"
        f"      path: '{root / 'cc.duckdb'}'\n"
        "      threads: 1\n"
    )
    return DbtEnv(root)


def expected_components(edges: list[Edge]) -> dict[str, str]:
    """node -> smallest node (code-point order, as DuckDB compares UTF-8) of its component."""
    graph = nx.Graph()
    for a, b in edges:
        graph.add_nodes_from(n for n in (a, b) if n is not None)
        if a is not None and b is not None:
            graph.add_edge(a, b)
    expected = {}
    for component in nx.connected_components(graph):
        leader = min(component)
        expected.update(dict.fromkeys(component, leader))
    return expected


def assert_same_components(actual: dict[str, str], expected: dict[str, str]) -> None:
    assert set(actual) == set(expected), (
        f"{len(set(expected) - set(actual))} nodes missing, "
        f"{len(set(actual) - set(expected))} unexpected"
    )
    wrong = {n: (actual[n], expected[n]) for n in expected if actual[n] != expected[n]}
    assert not wrong, f"{len(wrong)} nodes in the wrong component, e.g. {list(wrong.items())[:5]}"


# --- graph families -------------------------------------------------------------------------

WEIRD_NAMES = [
    "",
    " ",
    "O'Brien",
    "''",
    'say "hi"',
    "back\\slash",
    "semi;colon --",
    "tab\there",
    "new\nline",
    "é",
    "e\u0301",
    "日本語",
    "Ω≈ç√",
    "🙂",
    "👩‍👩‍👧",
    "\u200b",
    "NULL",
    "null",
    "a" * 1000,
    "%_*",
]


class GraphBatch:
    """Disjoint graphs in one edge list: every node name is prefixed with its graph's id."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.edges: list[Edge] = []
        self.n_graphs = 0

    def _prefix(self) -> str:
        self.n_graphs += 1
        return f"g{self.n_graphs}:"

    def _names(self, n: int) -> list[str]:
        prefix = self._prefix()
        # Random names so the smallest string sits anywhere, not at the start of a chain.
        labels = self.rng.sample(range(10 * n + 10), n)
        return [f"{prefix}{x}" for x in labels]

    def add(self, names: list[str], pairs: list[tuple[int, int]]) -> None:
        for i, j in pairs:
            a, b = names[i], names[j]
            self.edges.append((a, b) if self.rng.random() < 0.5 else (b, a))

    def chain(self, length: int) -> None:
        names = self._names(length)
        if length == 1:
            self.add(names, [(0, 0)])
        else:
            self.add(names, [(i, i + 1) for i in range(length - 1)])

    def star(self, size: int) -> None:
        names = self._names(size)
        self.add(names, [(0, i) for i in range(1, size)] or [(0, 0)])

    def cycle(self, size: int) -> None:
        names = self._names(size)
        self.add(names, [(i, (i + 1) % size) for i in range(size)])

    def isolated(self, count: int) -> None:
        for name in self._names(count):
            self.edges.append((name, name))

    def sparse(self, n: int, m: int) -> None:
        names = self._names(n)
        self.add(names, [(self.rng.randrange(n), self.rng.randrange(n)) for _ in range(m)])

    def grid(self, width: int, height: int) -> None:
        names = self._names(width * height)
        pairs = []
        for y in range(height):
            for x in range(width):
                if x + 1 < width:
                    pairs.append((y * width + x, y * width + x + 1))
                if y + 1 < height:
                    pairs.append((y * width + x, (y + 1) * width + x))
        self.add(names, pairs)

    def complete(self, n: int) -> None:
        names = self._names(n)
        self.add(names, [(i, j) for i in range(n) for j in range(i + 1, n)])

    def with_duplicates(self, n: int) -> None:
        """A random tree whose every edge also appears repeated and reversed."""
        names = self._names(n)
        pairs = [(i, self.rng.randrange(i)) for i in range(1, n)]
        self.add(names, pairs + pairs + [(j, i) for i, j in pairs])

    def ladder_of_chains(self, n_chains: int, length: int) -> None:
        """Long chains joined at random points: deep, with many local minima."""
        names = self._names(n_chains * length)
        pairs = [(c * length + i, c * length + i + 1) for c in range(n_chains) for i in range(length - 1)]
        pairs += [
            (c * length + self.rng.randrange(length), (c + 1) * length + self.rng.randrange(length))
            for c in range(n_chains - 1)
        ]
        self.add(names, pairs)

    def weird_names(self) -> None:
        prefix = self._prefix()
        names = [prefix + w for w in WEIRD_NAMES]
        order = list(range(len(names)))
        self.rng.shuffle(order)
        # Two components of weird names, plus one weird isolated node.
        self.add(names, [(order[i], order[i + 1]) for i in range(8)])
        self.add(names, [(order[i], order[i + 1]) for i in range(9, len(order) - 2)])
        self.add(names, [(order[-1], order[-1])])

    def nulls(self) -> None:
        a, b, c, d = self._names(4)
        # A null end links nothing; the other end is still a node.
        self.edges += [(a, None), (None, b), (None, None), (a, c), (d, None), (None, d)]

    def shuffle(self) -> None:
        self.rng.shuffle(self.edges)


def big_batch(seed: int = 7) -> GraphBatch:
    batch = GraphBatch(seed)
    for length in [1, 2, 3, 4, 5, 8, 13, 50, 200, 999, 1000, 2000]:
        batch.chain(length)
    for _ in range(40):
        batch.chain(batch.rng.randint(1, 2000))
    for size in [1, 2, 3, 10, 100, 1000]:
        batch.star(size)
    for size in [1, 2, 3, 7, 100, 500]:
        batch.cycle(size)
    batch.isolated(50)
    for _ in range(20):
        n = batch.rng.randint(2, 1500)
        batch.sparse(n, int(n * batch.rng.uniform(0.3, 1.2)))
    batch.grid(40, 25)
    batch.complete(30)
    batch.with_duplicates(300)
    batch.ladder_of_chains(20, 100)
    batch.weird_names()
    batch.nulls()
    batch.shuffle()
    return batch


# --- tests ------------------------------------------------------------------------------------


def test_many_graphs_match_networkx(dbt_env: DbtEnv) -> None:
    batch = big_batch()
    ok, messages = dbt_env.run(batch.edges)
    assert ok, messages
    assert_same_components(dbt_env.components(), expected_components(batch.edges))
    # Work tables are dropped; only the model's table is left.
    assert dbt_env.tables() == [MODEL]


def test_portable_sql_gives_the_same_answer(dbt_env: DbtEnv) -> None:
    """The default__ (create-table-as only) variants, run on DuckDB, agree with networkx."""
    batch = GraphBatch(seed=11)
    for length in [1, 2, 3, 500, 1500]:
        batch.chain(length)
    for size in [1, 50]:
        batch.star(size)
    batch.cycle(40)
    batch.isolated(5)
    for _ in range(5):
        batch.sparse(300, 250)
    batch.ladder_of_chains(5, 60)
    batch.with_duplicates(50)
    batch.weird_names()
    batch.nulls()
    batch.shuffle()
    ok, messages = dbt_env.run(batch.edges, connected_components_portable_sql=True)
    assert ok, messages
    assert_same_components(dbt_env.components(), expected_components(batch.edges))
    assert dbt_env.tables() == [MODEL]


def leafy_batch(seed: int) -> GraphBatch:
    """Shapes where stripping leaves matters: stars, pairs, chains, caterpillars, trees."""
    batch = GraphBatch(seed)
    for length in [1, 2, 3, 4, 700, 1500]:
        batch.chain(length)
    for size in [2, 3, 4, 200]:
        batch.star(size)
    for _ in range(30):
        batch.chain(2)  # two leaves joined to each other
    batch.isolated(10)
    for _ in range(10):
        # A caterpillar: a spine with leaves, and a leaf or two hanging off those leaves.
        n = batch.rng.randint(3, 60)
        names = batch._names(3 * n)
        pairs = [(i, i + 1) for i in range(n - 1)]
        pairs += [(batch.rng.randrange(n), n + i) for i in range(n)]
        pairs += [(n + i, 2 * n + i) for i in range(n) if batch.rng.random() < 0.5]
        batch.add(names, pairs)
    for _ in range(20):
        # Random recursive trees, as in identity graphs; some edges repeated.
        n = batch.rng.randint(2, 30)
        names = batch._names(n)
        pairs = [(i, batch.rng.randrange(i)) for i in range(1, n)]
        batch.add(names, pairs + pairs[: batch.rng.randint(0, len(pairs))])
    batch.with_duplicates(100)
    batch.nulls()
    batch.shuffle()
    return batch


def test_leaf_heavy_graphs_match_networkx(dbt_env: DbtEnv) -> None:
    """Leaves (one distinct neighbour) skip the rounds on DuckDB; both variants agree."""
    batch = leafy_batch(seed=17)
    expected = expected_components(batch.edges)
    for portable in [False, True]:
        ok, messages = dbt_env.run(batch.edges, connected_components_portable_sql=portable)
        assert ok, messages
        assert_same_components(dbt_env.components(), expected)
        assert dbt_env.tables() == [MODEL]


def test_hash_collisions_fall_back_to_numbering(dbt_env: DbtEnv) -> None:
    """Ids folded into 64 values collide; the build numbers the nodes instead, same answer."""
    batch = leafy_batch(seed=23)
    batch.ladder_of_chains(4, 50)
    batch.shuffle()
    log_path = dbt_env.root / "logs" / "dbt.log"
    log_path.unlink(missing_ok=True)
    ok, messages = dbt_env.run(batch.edges, connected_components_hash_modulus=64)
    assert ok, messages
    assert_same_components(dbt_env.components(), expected_components(batch.edges))
    assert dbt_env.tables() == [MODEL]
    assert "hash collisions among node ids; numbering the nodes instead" in log_path.read_text()


def test_rerun_gives_the_same_table(dbt_env: DbtEnv) -> None:
    batch = GraphBatch(seed=3)
    for _ in range(10):
        batch.sparse(200, 180)
    batch.chain(700)
    batch.shuffle()
    ok, messages = dbt_env.run(batch.edges)
    assert ok, messages
    first = dbt_env.components()
    # Second run replaces the existing table (backup, rename, drop), as the table
    # materialization does.
    ok, messages = dbt_env.run(batch.edges)
    assert ok, messages
    assert dbt_env.components() == first
    assert_same_components(first, expected_components(batch.edges))
    assert dbt_env.tables() == [MODEL]


def test_max_rounds_hit_raises_and_keeps_the_old_table(dbt_env: DbtEnv) -> None:
    ok, _ = dbt_env.run([("keep", "me")])
    assert ok
    batch = GraphBatch(seed=5)
    batch.chain(300)
    ok, messages = dbt_env.run(batch.edges, max_rounds=2)
    assert not ok
    assert "did not converge in max_rounds=2" in messages
    # The failed build replaced nothing and left no work tables behind.
    assert dbt_env.components() == {"keep": "keep", "me": "keep"}
    assert dbt_env.tables() == [MODEL]


def test_empty_edge_table(dbt_env: DbtEnv) -> None:
    ok, messages = dbt_env.run([])
    assert ok, messages
    assert dbt_env.components() == {}


# Text without NUL (not a realistic identifier; DuckDB strings stop there in places) and without
# surrogates (not encodable as UTF-8).
NODE_TEXT = st.text(
    alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=6
)


@st.composite
def graphs(draw) -> tuple[list[str], list[tuple[int, int]]]:
    names = draw(st.lists(NODE_TEXT, min_size=1, max_size=25, unique=True))
    pairs = draw(
        st.lists(
            st.tuples(
                st.integers(0, len(names) - 1),
                st.integers(0, len(names) - 1),
            ),
            max_size=40,
        )
    )
    # Nodes without an edge are declared by a self-edge, as callers do.
    touched = {i for pair in pairs for i in pair}
    pairs += [(i, i) for i in range(len(names)) if i not in touched]
    return names, pairs


@settings(
    max_examples=4,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
    database=None,
)
@given(graph_list=st.lists(graphs(), min_size=1, max_size=60), seed=st.integers(0, 2**16))
def test_random_graph_batches_match_networkx(dbt_env: DbtEnv, graph_list, seed) -> None:
    rng = random.Random(seed)
    edges: list[Edge] = []
    for graph_id, (names, pairs) in enumerate(graph_list):
        prefixed = [f"h{graph_id}:{name}" for name in names]
        for i, j in pairs:
            edges.append((prefixed[i], prefixed[j]) if rng.random() < 0.5 else (prefixed[j], prefixed[i]))
    rng.shuffle(edges)
    ok, messages = dbt_env.run(edges)
    assert ok, messages
    assert_same_components(dbt_env.components(), expected_components(edges))


@pytest.mark.parametrize("portable", [False, True])
def test_incremental_update_matches_networkx(dbt_env: DbtEnv, portable: bool) -> None:
    """Incremental mode: after a build, a second run on changed edges (growth, merges of
    components, removed edges that split components, new nodes, a chain grown at its end)
    recomputes only the touched components and still equals networkx on the new edges."""
    incremental_vars = {"raw_batch_column": "batch_id", "connected_components_portable_sql": portable}
    before = leafy_batch(seed=21 + portable)
    before.chain(400)
    ok, messages = dbt_env.run(before.edges, **incremental_vars)
    assert ok, messages
    assert dbt_env.tables() == sorted([MODEL, f"{MODEL}__cc_input"])
    assert_same_components(dbt_env.components(), expected_components(before.edges))

    rng = random.Random(5)
    edges = list(before.edges)
    rng.shuffle(edges)
    kept = edges[: int(len(edges) * 0.97)]  # 3% removed: some components split
    nodes = sorted({n for edge in edges for n in edge if n is not None})
    bridges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(40)]  # merges
    fresh = [(f"new {i}", f"new {i + 1}") for i in range(0, 60, 2)]  # new components
    grown = [(nodes[0], "new tail")]  # growth of an existing component
    after = kept + bridges + fresh + grown
    ok, messages = dbt_env.run(after, **incremental_vars)
    assert ok, messages
    assert_same_components(dbt_env.components(), expected_components(after))
    log = (dbt_env.root / "logs" / "dbt.log").read_text()
    assert f"connected_components {MODEL}: incremental," in log.split("Running with dbt")[-1]
    assert dbt_env.tables() == sorted([MODEL, f"{MODEL}__cc_input"])


@pytest.mark.parametrize("portable", [False, True])
def test_incremental_update_restores_rows_deleted_beside_their_edges(dbt_env: DbtEnv, portable: bool) -> None:
    """The erasure purge deletes a component's rows when its component_node is an erased
    identifier, but not the edges of the other members (a persona's edge to itself). Those
    members, back in a later run's unchanged edges, get their rows again; a row with no edge any
    more goes. Negative control: without the drift check the deleted rows stay missing and the
    stray row stays (seen failing on the macro before the check)."""
    incremental_vars = {"raw_batch_column": "batch_id", "connected_components_portable_sql": portable}
    edges: list[Edge] = [("a erased", "persona p"), ("persona p", "persona p"), ("persona q", "persona q"),
                         ("b", "c"), ("c", "d"), ("lonely", None)]
    ok, messages = dbt_env.run(edges, **incremental_vars)
    assert ok, messages
    expected = expected_components(edges)
    assert dbt_env.components() == expected
    with duckdb.connect(str(dbt_env.db_path)) as con:
        # As the purge does: rows whose component_node is the erased node, and its edges.
        con.execute(f"delete from {MODEL} where component_node = 'a erased'")
        con.execute(f"delete from {MODEL}__cc_input where node_a = 'a erased' or node_b = 'a erased'")
        # And a row no edge holds (deleted by hand from the edges' side).
        con.execute(f"insert into {MODEL} values ('stray', 'stray')")
    assert "persona p" not in dbt_env.components()
    # The next run's edges: the erased node is gone, the persona is back with its edge to itself.
    later = [edge for edge in edges if "a erased" not in edge]
    ok, messages = dbt_env.run(later, **incremental_vars)
    assert ok, messages
    log = (dbt_env.root / "logs" / "dbt.log").read_text()
    assert f"connected_components {MODEL}: incremental," in log.split("Running with dbt")[-1]
    assert dbt_env.components() == expected_components(later)
    assert dbt_env.components()["persona p"] == "persona p"
    assert "stray" not in dbt_env.components()
