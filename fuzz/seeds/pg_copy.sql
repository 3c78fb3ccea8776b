\restrict abc
SET x = 1;
COPY public.t (a) FROM stdin;
a\tb	\N
\.
\unrestrict abc
