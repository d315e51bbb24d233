-- Delegat: the decision log in PostgreSQL, step 2 of 2 (docs/drift-postgresql.md).
-- Run in the database beslutslogg as delegat_agare (or an administrator), after
-- delegat_agare has made the tables with `delegat logg migrera`:
--   psql -v ON_ERROR_STOP=1 -d beslutslogg -U delegat_agare -f grants.sql
-- It may be run again; run it again after an upgrade that adds tables.

-- Nobody but the owner creates anything in the schema.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO delegat_tjanst, delegat_granskare;

-- The service: read and insert. No UPDATE, DELETE or TRUNCATE on any table.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM delegat_tjanst, delegat_granskare;
GRANT SELECT, INSERT ON packs, sources, records, signatures TO delegat_tjanst;
GRANT SELECT ON delegat_schema TO delegat_tjanst;

-- The reviewer: read only.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO delegat_granskare;
