-- placeholder, generated below
SELECT 1;
