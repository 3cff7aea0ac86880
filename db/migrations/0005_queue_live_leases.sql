-- Live leases on an item held by others than one annotator. VOLATILE on purpose: it runs its query
-- on a fresh snapshot, so the queue's one-statement lease (server/services/queue-pools.ts) re-checks
-- an item's free slot after locking the item and sees every lease committed before the lock was
-- granted, which the locking statement's own snapshot may have missed.
CREATE FUNCTION quorum_count_live_leases(p_item_id bigint, p_except_annotator text) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  RETURN (SELECT count(*) FROM item_leases
          WHERE item_id = p_item_id AND annotator_id <> p_except_annotator AND expires_at > now());
END
$$;
