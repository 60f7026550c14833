-- The foreign key from call_claims to calls ran a trigger per claim (a lookup and a row lock on the
-- call it had just updated): about a sixth of PostgreSQL's time per claim in the claims benchmark.
-- It guarded nothing the claim statement does not already guarantee: the one statement that inserts
-- claim rows takes them from the call rows it updated in the same statement, and calls are never
-- deleted. call_claims keeps its primary key, which is what makes one winner per call certain.
ALTER TABLE call_claims DROP CONSTRAINT call_claims_call_sid_fkey;
