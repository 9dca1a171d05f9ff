-- A chunk's payloads back to back in one bytea, with their offsets, instead of an array of bytea.
-- PostgreSQL reads an element of an array only after detoasting the whole array, so a read of a
-- few seconds of a chunk (a window's edge) fetched and copied every payload of its ten minutes. A
-- slice of a plain bytea is fetched by itself: a value stored out of line uncompressed costs the
-- TOAST pages the slice lies in, a compressed one is decompressed only up to the slice's end.
-- Which snapshots a read needs it finds by binary search over the sorted times (width_bucket),
-- without unnesting them (storage/.../chunk/RawRows).
--
--   payloads         the payloads of the snapshots, in (time, receipt) order, back to back
--   payload_offsets  n + 1 byte offsets into payloads: snapshot i (1-based) is bytes
--                    payload_offsets[i] + 1 through payload_offsets[i + 1]; the first is 0
ALTER TABLE profile_chunk RENAME COLUMN payloads TO payload_array;
ALTER TABLE profile_chunk ADD COLUMN payloads bytea, ADD COLUMN payload_offsets integer[];
UPDATE profile_chunk SET
    payloads = (SELECT string_agg(p, ''::bytea ORDER BY i) FROM unnest(payload_array) WITH ORDINALITY AS u(p, i)),
    payload_offsets = '{0}'::integer[] || (SELECT array_agg(e ORDER BY i) FROM
        (SELECT i, sum(octet_length(p)) OVER (ORDER BY i ROWS UNBOUNDED PRECEDING) AS e
         FROM unnest(payload_array) WITH ORDINALITY AS u(p, i)) AS ends)::integer[];
ALTER TABLE profile_chunk DROP COLUMN payload_array;
ALTER TABLE profile_chunk ALTER COLUMN payloads SET NOT NULL, ALTER COLUMN payload_offsets SET NOT NULL;
