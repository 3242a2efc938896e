-- varchar length of a column
SELECT character_maximum_length FROM information_schema.columns WHERE table_schema = ? AND table_name = ? AND column_name = ? AND data_type = 'character varying';

-- primary-key constraint
SELECT constraint_name FROM information_schema.table_constraints WHERE table_schema = ? AND table_name = ? AND constraint_type = 'PRIMARY KEY';

