"""The report measures written in DuckDB SQL over the same frames: the reference that
``bench/metrics.py`` times the Python metrics against (same data, same run)."""

from __future__ import annotations

from typing import Any

TIMELINE = """
CREATE OR REPLACE TEMP TABLE tl AS
WITH h AS (
  SELECT owner_id, created_time AS t, id AS rid, stage_semantic_id AS sem, stage_id
  FROM stage_history WHERE entity_type_id = 2
), first_rec AS (SELECT owner_id, min(t) AS ft FROM h GROUP BY 1),
syn AS (
  SELECT d.id AS owner_id, d.created_time AS t, -1 AS rid, 'P' AS sem, d.stage_id
  FROM deals d LEFT JOIN first_rec f ON f.owner_id = d.id
  WHERE d.created_time IS NOT NULL AND (f.ft IS NULL OR d.created_time < f.ft)
  UNION ALL
  SELECT d.id, greatest(coalesce(d.closedate, d.updated_time, d.created_time), d.created_time),
         -1, d.stage_semantic_id, d.stage_id
  FROM deals d LEFT JOIN first_rec f ON f.owner_id = d.id
  WHERE f.ft IS NULL AND d.stage_semantic_id <> 'P'
), u AS (SELECT * FROM h WHERE owner_id IN (SELECT id FROM deals) UNION ALL SELECT * FROM syn)
SELECT *, lead(t) OVER (PARTITION BY owner_id ORDER BY t, rid) AS nt FROM u
"""
STATE = """
CREATE OR REPLACE TEMP TABLE st AS
SELECT d.id, d.assigned_by_id AS uid, d.category_id AS cat, d.created_time AS created,
       d.amount, d.client, d.gp, r.sem, r.t AS entered, r.stage_id,
       CASE WHEN r.sem = 'S' THEN r.t END AS won_at, CASE WHEN r.sem = 'F' THEN r.t END AS lost_at
FROM deals_x d LEFT JOIN tl r
  ON r.owner_id = d.id AND r.t <= $T AND (r.nt IS NULL OR r.nt > $T)
"""
SALES = """
WITH first_win AS (SELECT client, min(won_at) AS fw FROM st WHERE won_at IS NOT NULL AND client > 0
                   GROUP BY 1),
at_start AS (
  SELECT p.pid, r.owner_id FROM periods p JOIN tl r
    ON r.t <= least(p.s, $T) AND (r.nt IS NULL OR r.nt > least(p.s, $T)) WHERE r.sem = 'P'
), at_end AS (
  SELECT p.pid, r.owner_id FROM periods p JOIN tl r
    ON (p.e > $T AND r.t <= $T AND (r.nt IS NULL OR r.nt > $T))
    OR (p.e <= $T AND r.t < p.e AND (r.nt IS NULL OR r.nt >= p.e))
  WHERE r.sem = 'P'
), per AS (
  SELECT p.pid, s.uid, s.cat,
    (s.created >= p.s AND s.created < p.e AND s.created <= $T)::INT AS created,
    (s.won_at >= p.s AND s.won_at < p.e AND s.won_at <= $T)::INT AS won,
    (s.lost_at >= p.s AND s.lost_at < p.e AND s.lost_at <= $T)::INT AS lost,
    (a.owner_id IS NOT NULL AND s.created < least(p.s, $T))::INT AS open_start,
    (b.owner_id IS NOT NULL)::INT AS in_work,
    s.amount, s.gp, s.won_at, s.created AS c0, s.sem, f.fw
  FROM periods p CROSS JOIN st s
  LEFT JOIN at_start a ON a.pid = p.pid AND a.owner_id = s.id
  LEFT JOIN at_end b ON b.pid = p.pid AND b.owner_id = s.id
  LEFT JOIN first_win f ON f.client = s.client
)
SELECT pid, uid, cat, sum(created) AS created, sum(won) AS won_count,
  sum(won * amount) AS won_sum, sum(lost) AS lost_count, sum(open_start) AS open_at_start,
  sum(in_work) AS in_work, sum(created * (sem = 'S')::INT) AS conv_num,
  sum(CASE WHEN won = 1 THEN greatest(epoch(won_at) - epoch(c0), 0) / 86400 END) AS cycle,
  sum(CASE WHEN won = 1 AND won_at > fw THEN 1 ELSE 0 END) AS repeat_won,
  sum(won * coalesce(gp, 0)) AS gross_profit
FROM per GROUP BY GROUPING SETS ((pid, uid), (pid, cat), (pid))
"""
DEPT = """
WITH RECURSIVE up(dept, anc) AS (
  SELECT id, id FROM departments
  UNION ALL SELECT up.dept, d.parent FROM up JOIN departments d ON d.id = up.anc WHERE d.parent > 0
), member AS (SELECT DISTINCT ud.user_id, up.anc AS dept FROM user_departments ud
              JOIN up ON up.dept = ud.department_id)
SELECT s.pid, m.dept, sum(s.won_count) AS won_count, sum(s.won_sum) AS won_sum,
       sum(s.created) AS created
FROM sales s JOIN member m ON m.user_id = s.uid WHERE s.uid IS NOT NULL AND s.cat IS NULL
GROUP BY 1, 2
"""
PIPELINE = """
WITH stays AS (
  SELECT d.cat, r.stage_id, (epoch(least(coalesce(r.nt, $T), $T)) - epoch(r.t)) / 86400 AS days
  FROM tl r JOIN st d ON d.id = r.owner_id WHERE r.t >= $S AND r.t < $E AND r.t <= $T
)
SELECT coalesce(n.cat, a.cat) AS cat, coalesce(n.stage_id, a.stage_id) AS stage_id, n.deals,
       n.amount, a.avg_days
FROM (SELECT cat, stage_id, count(*) AS deals, sum(amount) AS amount FROM st
      WHERE sem IS NOT NULL GROUP BY 1, 2) n
FULL JOIN (SELECT cat, stage_id, avg(days) AS avg_days FROM stays GROUP BY 1, 2) a
  ON a.cat = n.cat AND a.stage_id = n.stage_id
"""
FORGOTTEN = """
WITH acts AS (
  SELECT owner_id, max(greatest(
    CASE WHEN created <= $T THEN created END, CASE WHEN last_updated <= $T THEN last_updated END,
    CASE WHEN end_time <= $T THEN end_time END)) AS touch,
    bool_or(NOT completed AND created <= $T) AS has_open,
    bool_or(NOT completed AND created <= $T AND deadline < $T) AS overdue
  FROM activities WHERE owner_type_id = 2 GROUP BY 1
), hist AS (SELECT owner_id, max(t) AS touch FROM tl WHERE t <= $T GROUP BY 1)
SELECT s.id, s.uid,
  greatest(s.created, h.touch, a.touch,
           CASE WHEN d.last_activity_time <= $T THEN d.last_activity_time END) AS last_touch,
  coalesce(a.has_open, false) AS has_open, coalesce(a.overdue, false) AS overdue
FROM st s JOIN deals d ON d.id = s.id LEFT JOIN hist h ON h.owner_id = s.id
LEFT JOIN acts a ON a.owner_id = s.id WHERE s.sem = 'P'
"""
ACTIVITY = """
WITH k AS (
  SELECT responsible_id AS uid, coalesce(end_time, last_updated, created) AS t,
    CASE WHEN upper(provider_id) = 'CRM_TASKS_TASK' THEN NULL
         WHEN upper(provider_id) = 'IMOPENLINES_SESSION' THEN 'chat'
         WHEN upper(provider_id) = 'CRM_TODO' THEN 'todo'
         WHEN type_id = 4 AND direction = 2 THEN 'email'
         WHEN type_id = 1 THEN 'meeting' WHEN type_id = 2 THEN 'call' END AS kind
  FROM activities WHERE completed
)
SELECT uid, kind, count(*) AS n,
  count(*) * CASE kind WHEN 'meeting' THEN 3 ELSE 1 END AS points
FROM k WHERE kind IS NOT NULL AND t >= $S AND t < $E AND t <= $T GROUP BY 1, 2
"""
TASKS = """
WITH t AS (
  SELECT responsible_id AS uid, created_date AS created,
    coalesce(start_date_plan, created_date + INTERVAL 24 HOUR) AS planned, date_start AS started,
    deadline, coalesce(closed_date, CASE WHEN status = 5 THEN changed_date END) AS closed
  FROM tasks
)
SELECT p.pid,
  count(*) FILTER (WHERE planned >= p.s AND planned < p.e AND planned < $T) AS s_due,
  count(*) FILTER (WHERE planned >= p.s AND planned < p.e AND planned < $T
                   AND started <= planned) AS s_good,
  count(*) FILTER (WHERE deadline >= p.s AND deadline < p.e AND deadline < $T) AS f_due,
  count(*) FILTER (WHERE deadline >= p.s AND deadline < p.e AND deadline < $T
                   AND closed <= deadline) AS f_good,
  count(*) FILTER (WHERE created < least(p.e, $T) AND (closed IS NULL OR closed >= least(p.e, $T)))
    AS open_tasks
FROM task_periods p CROSS JOIN t GROUP BY 1
"""


def run_sql(con: Any, t: Any, start: Any, end: Any) -> dict[str, int]:
    """Run every query; returns the row count of each result (forces full evaluation)."""
    params = {"T": t, "S": start, "E": end}

    def sql(text: str) -> str:
        for key, value in params.items():
            text = text.replace(f"${key}", f"TIMESTAMPTZ '{value.isoformat()}'")
        return text

    con.execute(sql(TIMELINE))
    con.execute(sql(STATE))
    con.execute(f"CREATE OR REPLACE TEMP TABLE sales AS {sql(SALES)}")
    counts = {"sales": con.execute("SELECT count(*) FROM sales").fetchone()[0]}
    for name, query in (("departments", DEPT), ("pipeline", PIPELINE), ("forgotten", FORGOTTEN),
                        ("activity", ACTIVITY), ("tasks", TASKS)):  # fmt: skip
        counts[name] = len(con.execute(sql(query)).fetchall())
    return counts
