-- Numbered park spots: each row in the lot holds its org's spot number (1, 2, 3...) from its park until
-- the row leaves (the caller is answered by an agent, hangs up, is retrieved by spot, or a ring-back gives
-- up); a spot is then free again. The park's INSERT takes the lowest free spot of the org; two parks at
-- once that pick the same one meet this unique index and the loser retries with the next free spot.
-- Rows already parked when this runs are numbered in park order.
ALTER TABLE parked_calls ADD COLUMN spot integer;
UPDATE parked_calls p SET spot = n.spot
FROM (SELECT id, row_number() OVER (PARTITION BY org_id ORDER BY parked_at, id) AS spot FROM parked_calls) n
WHERE p.id = n.id;
ALTER TABLE parked_calls ALTER COLUMN spot SET NOT NULL;
ALTER TABLE parked_calls ADD CONSTRAINT parked_calls_spot_positive CHECK (spot >= 1);
CREATE UNIQUE INDEX parked_calls_one_per_spot ON parked_calls (org_id, spot);
