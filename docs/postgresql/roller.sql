-- Delegat: beslutsloggen i PostgreSQL, steg 1 av 2 (docs/drift-postgresql.md).
-- Körs en gång av en administratör (superanvändare eller roll med CREATEROLE och CREATEDB),
-- i databasen postgres: psql -v ON_ERROR_STOP=1 -d postgres -f roller.sql
--
-- Tre roller, var och en med så lite behörighet som möjligt:
--   delegat_agare      äger tabellerna: skapar och uppgraderar dem (delegat logg migrera)
--                      och gallrar (delegat logg gallra). Används bara för de rutinerna.
--   delegat_tjanst     tjänsten (delegat serve, batch --logg): läser och lägger till beslut,
--                      får aldrig ändra eller ta bort något.
--   delegat_granskare  verifiering, kontrollpunkt, omprövning, uppföljning, konsekvens:
--                      får bara läsa.
-- Lösenord eller certifikat sätts enligt kommunens rutin (till exempel \password i psql).

CREATE ROLE delegat_agare LOGIN;
CREATE ROLE delegat_tjanst LOGIN;
CREATE ROLE delegat_granskare LOGIN;
CREATE DATABASE beslutslogg OWNER delegat_agare ENCODING 'UTF8';
REVOKE ALL ON DATABASE beslutslogg FROM PUBLIC;
GRANT CONNECT ON DATABASE beslutslogg TO delegat_agare, delegat_tjanst, delegat_granskare;
