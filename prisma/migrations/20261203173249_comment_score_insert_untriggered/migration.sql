-- No table changes: a CommentScore insert no longer bumps its open day's data version (src/cache/triggers.ts).
-- Score rows are inserted with a new comment, whose id the readers' versions already include, or in a comment's
-- edit, whose Comment update bumps; the trigger only bumped again and locked the open day's row per scored comment.
DROP TRIGGER IF EXISTS "CommentScore_bump_insert";
