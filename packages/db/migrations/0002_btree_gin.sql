-- Lets GIN indexes (trigram search) lead with organization_id like every tenant index.
CREATE EXTENSION IF NOT EXISTS btree_gin;
