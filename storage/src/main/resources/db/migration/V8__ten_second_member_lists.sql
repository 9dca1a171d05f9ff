-- Each stored ten-second group bucket lists the snapshots it merged: member_series[i] is the
-- series of the i-th, member_offsets[i] its time in µs after the bucket's start, ordered by
-- offset, then series. A window's edge inside a clean bucket then reads exactly the listed
-- snapshots that lie in it, instead of looking at every member live then
-- (storage/.../rollup/MemberSnapshots). A bucket standing for too few rows to store its stacks,
-- but for as many as a minute bucket needs, is stored with its list alone (payload NULL). Lists are NULL on buckets stored before; a reader uses a
-- list only while its length equals the row's snapshots, so a bucket recomputed by an earlier
-- release (which leaves the lists as they were) is read as before.
ALTER TABLE group_rollup_ten_seconds ADD COLUMN member_series bigint[], ADD COLUMN member_offsets integer[],
    ALTER COLUMN payload DROP NOT NULL;
