-- session setup
SET enable_case_sensitive_identifier TO true;

-- session setup
SET timezone TO 'UTC';

