-- Unanswered rings in a row after which presence puts an agent of the org away ('missed calls');
-- 0: never; null: the process default (SWITCHBOARD_MAX_MISSED_RINGS).
ALTER TABLE organizations ADD COLUMN max_missed_rings integer CHECK (max_missed_rings BETWEEN 0 AND 100);
