"""SQL answers run one read-only query on a connection of their own (pmkit.datasets.QueryRunner)."""

from __future__ import annotations

from typing import NoReturn

import pytest

from pmkit.checks import CheckFailed, Question
from pmkit.datasets import RAW_TABLES, QueryRunner, connect

TAMPERING = (
    "CREATE TABLE _users AS SELECT * FROM users LIMIT 0; DROP VIEW users; "
    "CREATE VIEW users AS SELECT * FROM _users; SELECT count(*) AS n FROM users"
)


def test_a_query_returns_its_result_as_a_dataframe() -> None:
    run = QueryRunner()
    result = run("WITH p AS (SELECT plan FROM users) SELECT plan, count(*) AS n FROM p GROUP BY 1")
    assert set(result.columns) == {"plan", "n"} and result["n"].sum() > 0
    assert run("FROM users LIMIT 2").columns[0] == "user_id"


def test_a_query_cannot_change_the_tables_anything_else_reads() -> None:
    con = connect()
    before = con.sql("SELECT count(*) FROM users").fetchall()
    run = QueryRunner()
    with pytest.raises(ValueError, match="one query, but it holds 4 statements"):
        run(TAMPERING)
    with pytest.raises(ValueError, match="not a DROP statement"):
        run("DROP VIEW users")
    with pytest.raises(ValueError, match="not a COPY statement"):
        run("COPY (SELECT 1) TO 'out.csv'")
    assert con.sql("SELECT count(*) FROM users").fetchall() == before
    assert run("SELECT count(*) AS n FROM users")["n"].iloc[0] == before[0][0]


def test_a_query_can_read_no_file_but_the_product_data() -> None:
    with pytest.raises(ValueError, match="file system operations are disabled"):
        QueryRunner()("SELECT * FROM read_text('/etc/hostname')")
    with pytest.raises(ValueError, match="not a SET statement"):
        QueryRunner()("SET enable_external_access = true")


def test_raw_tables_and_a_subset_of_tables() -> None:
    run = QueryRunner(raw=True, tables=RAW_TABLES)
    assert len(run("SELECT * FROM events_raw LIMIT 3")) == 3
    with pytest.raises(ValueError, match="Table with name users does not exist"):
        run("SELECT * FROM users")
    with pytest.raises(ValueError, match=r"tables: 'events_raw' is not a product table.*raw=True"):
        QueryRunner(tables=["events_raw"])


def test_a_bad_query_fails_the_question_with_its_hint() -> None:
    question = Question("Q1 Billing tickets", hint="Filter with WHERE.")
    with pytest.raises(CheckFailed) as failed:
        QueryRunner()("SELEC 1", question)
    assert failed.value.label == "Q1 Billing tickets" and failed.value.hint == "Filter with WHERE."
    assert failed.value.message.startswith("DuckDB could not run the query: Parser Error")
    for bad, message in ((None, "non-empty string, but it is None"), ("  ", "non-empty string")):
        with pytest.raises(ValueError, match=message):
            QueryRunner()(bad)


def test_any_object_with_fail_can_report_the_problem() -> None:
    class Recorder:
        def fail(self, message: str) -> NoReturn:
            raise LookupError(message)

    with pytest.raises(LookupError, match="not a CREATE statement"):
        QueryRunner()("CREATE TABLE t (x INT)", Recorder())
