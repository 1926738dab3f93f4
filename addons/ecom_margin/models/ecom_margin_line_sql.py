# Copyright 2026 E-commerce Operations Suite
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""services/margin.py in SQL, for the rebuild (every channel order line).

The same double-precision operations in the same order as the Python
formula, and Python's ``round(x, digits)`` (the binary value rounded, ties to
even) as ``ecom_margin_round``: the lines it writes are those the batches of
``_refresh_batch`` write, to the bit (tests/test_margin_sql.py compares both,
and the rounding over edge values). ``-0.0`` is written as ``0.0`` (``+ 0.0``)
as bulk_fill.copy_rows writes it.
"""

# Python's round(x, d) on a double. Fast path: x * 10^d computed in double is
# within 1e-7 of the exact product below 1e9, so when its fraction is not
# within 1e-6 of one half, the nearest integer is the exact one, and k / 10^d
# (both exact doubles) is the double nearest to the decimal Python reads.
# Otherwise (near a tie, or large): the exact binary value (mantissa and
# exponent read from its bytes) rounded in integers, ties to even.
ROUND_FUNCTIONS = r"""
CREATE OR REPLACE FUNCTION ecom_margin_round_exact(x float8, d int)
RETURNS float8 LANGUAGE plpgsql IMMUTABLE STRICT AS $f$
DECLARE
    b bytea := float8send(x);
    bits bigint := 0;
    biased int;
    mant numeric;
    e int;
    num numeric;
    den numeric := 1;
    q numeric;
    r numeric;
    k int;
BEGIN
    IF x = 0 OR x <> x OR x IN ('Infinity'::float8, '-Infinity'::float8) THEN
        RETURN x;
    END IF;
    FOR i IN 1..7 LOOP
        bits := (bits << 8) | get_byte(b, i);
    END LOOP;
    biased := ((get_byte(b, 0) & 127) << 4) | (get_byte(b, 1) >> 4);
    mant := (bits & ((1::bigint << 52) - 1))::numeric;
    IF biased = 0 THEN
        e := -1074;
    ELSE
        mant := mant + (1::bigint << 52)::numeric;
        e := biased - 1075;
    END IF;
    IF e >= 0 THEN
        RETURN x;
    END IF;
    -- |x| * 10^d = num / den, both integers
    num := mant * (10::numeric ^ d)::numeric;
    k := -e;
    WHILE k > 0 LOOP
        den := den * (1::bigint << least(k, 62))::numeric;
        k := k - least(k, 62);
    END LOOP;
    q := div(num, den);
    r := num - q * den;
    IF 2 * r > den OR (2 * r = den AND mod(q, 2) = 1) THEN
        q := q + 1;
    END IF;
    -- q / 10^d exactly (a product keeps every digit), then the nearest
    -- double, as Python reads its rounded decimal
    IF x < 0 THEN
        RETURN -((q * ('1e-' || d)::numeric)::float8);
    END IF;
    RETURN (q * ('1e-' || d)::numeric)::float8;
END
$f$;
CREATE OR REPLACE FUNCTION ecom_margin_round(x float8, d int)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $f$
    SELECT CASE
        WHEN abs(x * 10::float8 ^ d) < 1e9
             AND abs(abs(x * 10::float8 ^ d - trunc(x * 10::float8 ^ d)) - 0.5) > 1e-6
        THEN round(x * 10::float8 ^ d) / 10::float8 ^ d
        ELSE ecom_margin_round_exact(x, d) END
$f$;
"""

# inputs read once per rebuild, from the same Python sources as a batch
INPUT_TABLES = """
DROP TABLE IF EXISTS ecom_margin_in_rates, ecom_margin_in_fallback,
    ecom_margin_in_returns, ecom_margin_in_rules, ecom_margin_in_ancestors;
CREATE TEMP TABLE ecom_margin_in_rates (
    currency_id int, company_id int, date date, rate float8);
CREATE TEMP TABLE ecom_margin_in_fallback (product_id int, cost float8);
CREATE TEMP TABLE ecom_margin_in_returns (
    channel_id int, product_id int, rate float8);
CREATE TEMP TABLE ecom_margin_in_rules (
    channel_id int, seq int, kind varchar, value float8, categ_id int,
    date_from date, date_to date);
CREATE TEMP TABLE ecom_margin_in_ancestors (categ_id int, ancestor_id int);
"""
INPUT_NAMES = ("ecom_margin_in_rates", "ecom_margin_in_fallback",
               "ecom_margin_in_returns", "ecom_margin_in_rules",
               "ecom_margin_in_ancestors")

# the lines of a chunk of orders with their unit cost (_refresh_batch's loop)
CALC_LINES = """
CREATE TEMP TABLE ecom_margin_calc AS
SELECT v.*,
       CASE WHEN v.qty <> 0
            THEN (v.shipped_value + v.rest * v.current_cost) / v.qty
            ELSE 0.0 END AS unit_cost,
       CASE WHEN v.qty <> 0 AND v.shipped_qty >= v.qty - 1e-6
            THEN 'shipped' ELSE 'estimated' END AS state
  FROM (
    SELECT u.*, GREATEST(u.qty - u.shipped_qty, 0.0) AS rest
      FROM (
        SELECT x.id, x.order_id, x.order_ref, x.channel_id, x.warehouse_id,
               x.product_id, x.categ_id, x.company_id, x.date,
               row_number() OVER (PARTITION BY x.order_id ORDER BY x.id) AS pos,
               COALESCE(x.qty::float8, 0.0) AS qty,
               CASE WHEN r.rate IS NOT NULL
                    THEN COALESCE(x.price_subtotal::float8, 0.0) * r.rate
                    ELSE COALESCE(x.price_subtotal::float8, 0.0) END AS revenue,
               COALESCE(x.shipped_qty, 0.0) AS shipped_qty,
               COALESCE(x.shipped_value, 0.0) AS shipped_value,
               COALESCE(h.avg_cost, f.cost, 0.0) AS current_cost,
               COALESCE(rr.rate, 0.0) AS return_rate
          FROM ecom_margin_lines x
          LEFT JOIN ecom_margin_in_rates r
                 ON r.currency_id = x.currency_id AND r.company_id = x.company_id
                AND r.date = x.date
          LEFT JOIN ecom_warehouse_cost h
                 ON h.is_last AND h.product_id = x.product_id
                AND h.warehouse_id = x.warehouse_id
          LEFT JOIN ecom_margin_in_fallback f ON f.product_id = x.product_id
          LEFT JOIN ecom_margin_in_returns rr
                 ON rr.channel_id = x.channel_id AND rr.product_id = x.product_id
         WHERE x.order_id = ANY(%s)) u) v
"""

# amounts split over lines (margin.allocate): fixed fees per order (kind 1,
# seq of the rule), shipping (2) and packaging per order (3); an amount that
# rounds to 0.0 gives 0.0 to every line (the readers take a missing share as
# 0.0) and is left out
ALLOCATION_INPUT = """
CREATE TEMP TABLE ecom_margin_alloc_in AS
SELECT * FROM (
SELECT l.order_id, 1 AS kind, ru.seq, l.id AS line_id, l.pos, l.revenue, l.qty,
       ru.value AS amount
  FROM ecom_margin_calc l
  JOIN ecom_margin_in_rules ru ON ru.channel_id = l.channel_id
 WHERE ru.kind = 'fixed_order'
   AND (ru.categ_id IS NULL OR EXISTS (
            SELECT 1 FROM ecom_margin_in_ancestors a
             WHERE a.categ_id = l.categ_id AND a.ancestor_id = ru.categ_id))
   AND (ru.date_from IS NULL OR l.date >= ru.date_from)
   AND (ru.date_to IS NULL OR l.date <= ru.date_to)
UNION ALL
SELECT l.order_id, 2, 0, l.id, l.pos, l.revenue, l.qty,
       COALESCE(s.shipping, 0.0)
  FROM ecom_margin_calc l
  JOIN (SELECT o.id, COALESCE(
                   (SELECT sum(c.amount_company) FROM ecom_shipping_cost c
                     WHERE c.order_id = o.id),
                   o.ecom_shipping_estimate, 0.0) AS shipping
          FROM sale_order o
         WHERE o.id IN (SELECT order_id FROM ecom_margin_calc)) s
    ON s.id = l.order_id
UNION ALL
SELECT l.order_id, 3, 0, l.id, l.pos, l.revenue, l.qty,
       COALESCE(ch.packaging_cost_order, 0.0)
  FROM ecom_margin_calc l JOIN ecom_channel ch ON ch.id = l.channel_id
) i WHERE ecom_margin_round(i.amount + 0.0, 2) <> 0
"""

ALLOCATION = """
CREATE TEMP TABLE ecom_margin_alloc AS
SELECT e.order_id, e.kind, e.seq, e.line_id,
       CASE WHEN e.rest <> 0 AND e.biggest = 1
            THEN ecom_margin_round(e.share_rest, 2)
            ELSE e.share END AS share
  FROM (
    SELECT d.*, d.share + d.rest + 0.0 AS share_rest
      FROM (
        SELECT c.*,
               CASE WHEN c.amount = 0 THEN 0.0
                    ELSE ecom_margin_round(c.amount_rest, 2) END AS rest
          FROM (
            SELECT b.*, b.amount - sum(b.share) OVER grp + 0.0 AS amount_rest,
                   row_number() OVER (PARTITION BY b.order_id, b.kind, b.seq
                                      ORDER BY b.w DESC, b.pos) AS biggest
              FROM (
                SELECT a.*, CASE WHEN a.amount = 0 THEN 0.0
                                 ELSE ecom_margin_round(a.part, 2) END AS share
                  FROM (
                    SELECT w.*, w.amount * w.w / w.total + 0.0 AS part
                      FROM (
                        SELECT t.order_id, t.kind, t.seq, t.line_id, t.pos,
                               ecom_margin_round(t.amount0, 2) AS amount,
                               CASE WHEN t.total0 <= 0 THEN 1.0 ELSE t.w0 END AS w,
                               CASE WHEN t.total0 <= 0 THEN t.n::float8
                                    ELSE t.total0 END AS total
                          FROM (
                            SELECT v.*, v.amount + 0.0 AS amount0,
                                   sum(v.w0) OVER grp AS total0,
                                   count(*) OVER grp AS n
                              FROM (
                                SELECT i.*,
                                       CASE WHEN bool_or(i.revenue <> 0) OVER (
                                                PARTITION BY i.order_id, i.kind, i.seq)
                                            THEN i.revenue ELSE i.qty END AS w0
                                  FROM ecom_margin_alloc_in i OFFSET 0) v
                            WINDOW grp AS (PARTITION BY v.order_id, v.kind, v.seq
                                           ORDER BY v.pos
                                           ROWS BETWEEN UNBOUNDED PRECEDING
                                                    AND UNBOUNDED FOLLOWING)
                            OFFSET 0) t OFFSET 0) w OFFSET 0) a OFFSET 0) b
            WINDOW grp AS (PARTITION BY b.order_id, b.kind, b.seq ORDER BY b.pos
                           ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
            OFFSET 0) c OFFSET 0) d OFFSET 0) e
"""

# fee per line (margin.line_fees): the rules in their order
FEES = """
CREATE TEMP TABLE ecom_margin_fee AS
SELECT f.line_id, ecom_margin_round(f.fee, 2) AS fee
  FROM (
SELECT t.line_id, sum(t.fee ORDER BY t.seq) + 0.0 AS fee
  FROM (
    SELECT l.id AS line_id, ru.seq,
           CASE ru.kind WHEN 'percent' THEN l.revenue * ru.value / 100.0
                        WHEN 'fixed_unit' THEN l.qty * ru.value
                        ELSE COALESCE(a.share, 0.0) END AS fee
      FROM ecom_margin_calc l
      JOIN ecom_margin_in_rules ru ON ru.channel_id = l.channel_id
      LEFT JOIN ecom_margin_alloc a
             ON a.line_id = l.id AND a.kind = 1 AND a.seq = ru.seq
     WHERE (ru.categ_id IS NULL OR EXISTS (
                SELECT 1 FROM ecom_margin_in_ancestors an
                 WHERE an.categ_id = l.categ_id AND an.ancestor_id = ru.categ_id))
       AND (ru.date_from IS NULL OR l.date >= ru.date_from)
       AND (ru.date_to IS NULL OR l.date <= ru.date_to)) t
 GROUP BY t.line_id OFFSET 0) f
"""

# the margin lines (margin.compute_order), in the order of UPSERT_COLUMNS
RESULT = """
SELECT r.id AS sale_line_id, r.order_id, r.order_ref, r.channel_id,
       r.warehouse_id, r.product_id, r.categ_id, r.company_id, r.date,
       r.qty + 0.0 AS qty,
       -- a numeric column: the text Python's str() gives the float
       (CASE WHEN r.unit_cost_r::text ~ '^-?[0-9]+$' THEN r.unit_cost_r::text || '.0'
             ELSE r.unit_cost_r::text END)::numeric AS unit_cost,
       r.revenue_r + 0.0 AS revenue, r.cost + 0.0 AS cost, r.fee + 0.0 AS fee,
       r.shipping + 0.0 AS shipping, r.packaging + 0.0 AS packaging,
       r.return_cost + 0.0 AS return_cost, r.margin + 0.0 AS margin,
       CASE WHEN r.revenue_r <> 0 THEN ecom_margin_round(r.percent, 2) + 0.0
            ELSE 0.0 END AS margin_percent,
       r.state
  FROM (
    SELECT n.*, CASE WHEN n.revenue_r <> 0
                     THEN 100.0 * n.margin / n.revenue_r + 0.0 END AS percent
      FROM (
        SELECT m.*, ecom_margin_round(m.margin0, 2) AS margin
          FROM (
            SELECT q.*, q.revenue_r - q.cost - q.fee - q.shipping - q.packaging
                        - q.return_cost + 0.0 AS margin0
              FROM (
                SELECT p.*, ecom_margin_round(p.revenue0, 2) AS revenue_r,
                       ecom_margin_round(p.cost0, 2) AS cost,
                       ecom_margin_round(p.packaging0, 2) AS packaging,
                       ecom_margin_round(p.return_cost0, 2) AS return_cost,
                       ecom_margin_round(p.unit_cost, 4) + 0.0 AS unit_cost_r
                  FROM (
                    SELECT l.*, l.revenue + 0.0 AS revenue0,
                           l.qty * l.unit_cost + 0.0 AS cost0,
                           COALESCE(fe.fee, 0.0) AS fee,
                           COALESCE(sh.share, 0.0) AS shipping,
                           COALESCE(pk.share, 0.0) + l.qty * COALESCE(
                               ch.packaging_cost_unit, 0.0) + 0.0 AS packaging0,
                           l.qty * l.return_rate * COALESCE(
                               ch.return_handling_cost, 0.0) + 0.0 AS return_cost0
                      FROM ecom_margin_calc l
                      JOIN ecom_channel ch ON ch.id = l.channel_id
                      LEFT JOIN ecom_margin_alloc sh
                             ON sh.line_id = l.id AND sh.kind = 2
                      LEFT JOIN ecom_margin_alloc pk
                             ON pk.line_id = l.id AND pk.kind = 3
                      LEFT JOIN ecom_margin_fee fe ON fe.line_id = l.id
                    OFFSET 0) p OFFSET 0) q OFFSET 0) m OFFSET 0) n OFFSET 0) r
 ORDER BY r.order_id, r.id
"""

CHUNK_TABLES = ("ecom_margin_calc", "ecom_margin_alloc_in", "ecom_margin_alloc",
                "ecom_margin_fee")
