-- COPY from the client connection
COPY "s" ("id", "v") FROM STDIN;

