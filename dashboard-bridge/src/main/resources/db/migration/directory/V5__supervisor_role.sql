-- Supervisors run the floor (any agent's status, any call of the org) without managing the org.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('agent', 'supervisor', 'admin'));
