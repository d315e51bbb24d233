-- Delegat: beslutsloggen i PostgreSQL, steg 2 av 2 (docs/drift-postgresql.md).
-- Körs i databasen beslutslogg av delegat_agare (eller en administratör), efter att
-- delegat_agare har skapat tabellerna med `delegat logg migrera`:
--   psql -v ON_ERROR_STOP=1 -d beslutslogg -U delegat_agare -f behorigheter.sql
-- Kan köras igen; kör det igen efter en uppgradering som lägger till tabeller.

-- Ingen annan än ägaren får skapa något i schemat.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO delegat_tjanst, delegat_granskare;

-- Tjänsten: läsa och lägga till. Ingen UPDATE, DELETE eller TRUNCATE på någon tabell.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM delegat_tjanst, delegat_granskare;
GRANT SELECT, INSERT ON packs, sources, records TO delegat_tjanst;
GRANT SELECT ON delegat_schema TO delegat_tjanst;

-- Granskaren: bara läsa.
GRANT SELECT ON ALL TABLES IN SCHEMA public TO delegat_granskare;
