-- Delegat: the decision log in PostgreSQL, step 1 of 2 (docs/drift-postgresql.md).
-- Run once by an administrator (a superuser, or a role with CREATEROLE and CREATEDB), in the
-- database postgres:  psql -v ON_ERROR_STOP=1 -d postgres -f roles.sql
--
-- Three roles, each with as little as it needs:
--   delegat_agare      owns the tables: creates and upgrades them (delegat logg migrera) and
--                      runs gallring (delegat logg gallra). Used for those routines only.
--   delegat_tjanst     the service (delegat serve, batch --logg): reads and inserts decisions;
--                      may never change or delete anything.
--   delegat_granskare  verification, checkpoints, replay, follow-up, impact analysis: reads.
-- Passwords or certificates are set by the municipality's routine (for example \password).

CREATE ROLE delegat_agare LOGIN;
CREATE ROLE delegat_tjanst LOGIN;
CREATE ROLE delegat_granskare LOGIN;
CREATE DATABASE beslutslogg OWNER delegat_agare ENCODING 'UTF8';
REVOKE ALL ON DATABASE beslutslogg FROM PUBLIC;
GRANT CONNECT ON DATABASE beslutslogg TO delegat_agare, delegat_tjanst, delegat_granskare;
