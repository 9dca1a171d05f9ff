-- A series' ten-minute bucket may be stored without its stacks: payload NULL, snapshots and total
-- kept (timelines read only those). The rollup job does so where the series' group has its own
-- bucket of those ten minutes, the type is summed, and the bucket stands for fewer than 30
-- snapshots. Merges of whole groups read the group's bucket; a read of the series by itself takes
-- the stacks from the raw rows of the ten minutes, one chunk (storage/.../rollup/SeriesBuckets).
-- At a 60 s cadence such a bucket copied about a sixth of its chunk. Rows stored before keep their
-- payloads, which stay valid.
ALTER TABLE rollup_ten_minutes ALTER COLUMN payload DROP NOT NULL;
